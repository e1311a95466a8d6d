package scenario

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// hostileFiles are scenario files a careless or hostile user might give:
// each must be refused with a message saying what is wrong, at the line and
// column where one exists, without reading more than MaxFileSize bytes or
// echoing another file's content. They are also FuzzLoadFile's seeds.
var hostileFiles = []struct {
	name string
	data string
	want string // in the error
}{
	{"multi_document", "name: a\n---\nname: b\n", "fuzz.yaml:3:1: a second YAML document"},
	{"multi_document_end_marker", "name: a\n...\n---\nseed: 2\n", "fuzz.yaml:4:1: a second YAML document"},
	{"not_utf8", "name: ok\nseed: \xff\xfe\n", "fuzz.yaml:2:7: not UTF-8 text (byte 0xff)"},
	{"nul", "name: a\x00b\n", "fuzz.yaml:1:8: control character U+0000"},
	{"binary", "\x7fELF\x02\x01\x01\x00\x00", "fuzz.yaml:1:1: control character U+007F"},
	{"escape_sequence", "name: \x1b[31mred\n", "fuzz.yaml:1:7: control character U+001B"},
	{"extends_absolute", "extends: /etc/passwd\n", `fuzz.yaml:1:10: extends: "/etc/passwd" is an absolute path`},
	{"extends_not_yaml", "extends: etc/shadow\n", "is not a .yaml file"},
	{"extends_parent", "extends: ../../../../tmp/x.yaml\n", `fuzz.yaml:1:10: extends: "../../../../tmp/x.yaml" is outside this scenario's directory`},
	{"extends_parent_shadow", "extends: ../../../../../../etc/shadow\n", "is outside this scenario's directory"},
	{"extends_down_and_up", "extends: sub/../../x.yaml\n", "is outside this scenario's directory"},
	{"extends_link_out", "extends: secret.yaml\n", "fuzz.yaml:1:10: extends: secret.yaml is a symbolic link (or is reached through one) that leads outside this scenario's directory"},
	{"extends_through_dir_link", "extends: up/secret.yaml\n", "is a symbolic link (or is reached through one) that leads outside"},
	{"extends_dev_zero", "extends: /dev/zero\n", "is an absolute path"},
	{"too_large", "name: big\n" + strings.Repeat("# padding\n", MaxFileSize/10+1), "too large"},
	{"many_keys", manyKeys(MaxFileSize / 12), "and 87281 more problems"},
	{"many_duplicate_keys", manyKeys(MaxFileSize/24) + manyKeys(1), `k0000000: set twice`},
	{"long_list", "seed: [" + strings.Repeat("1,", MaxFileSize/2-10) + "1]\n", "seed: expected a whole number, got a list"},
	{"hidden_field_key", "name: a\n\"-\": [{}, {}]\n", `fuzz.yaml:2:1: -: unknown field "-"`},
	{"near_hidden_field_key", "name: a\n\"-x\": 1\n", `fuzz.yaml:2:1: -x: unknown field "-x"`},
	{"many_timeline_problems", "timeline:\n" + strings.Repeat("  - 1\n", 1500), "and 1400 more problems like those above"},
	{"name_formula_escapes", `name: "=HYPERLINK(\"http://x\"),a\nb\u001b[31mRED\u0007"` + "\n", "fuzz.yaml:1:7: name: holds the control character U+000A (a newline)"},
	{"name_escape", `name: "a\eb"` + "\n", "fuzz.yaml:1:7: name: holds the control character U+001B (escape"},
	{"name_bell", `name: "a\ab"` + "\n", "name: holds the control character U+0007 (bell)"},
	{"name_c1", `name: "a\u009bb"` + "\n", "name: holds the control character U+009B"},
	{"name_del", `name: "a\x7f"` + "\n", "name: holds the control character U+007F (delete)"},
	{"name_tab", `name: "a\tb"` + "\n", "name: holds the control character U+0009 (a tab)"},
	{"name_bidi", `name: "a\u202eb"` + "\n", "name: holds the invisible text-direction control U+202E"},
	{"name_line_separator", `name: "a\Lb"` + "\n", "name: holds the line separator U+2028"},
	{"name_formula", `name: "=1+2"` + "\n", `fuzz.yaml:1:7: name: begins with "=", which a spreadsheet reads as the start of a formula`},
	{"name_at", "name: '@SUM(A1)'\n", `name: begins with "@"`},
	{"name_plus", "name: '+44'\n", `name: begins with "+"`},
	{"name_minus", "name: -x\n", `name: begins with "-"`},
	{"description_escape", "name: ok\ndescription: \"fine \\e[2J\"\n", "fuzz.yaml:2:14: description: holds the control character U+001B"},
	{"description_carriage_return", "name: ok\ndescription: \"a\\rb\"\n", "description: holds the control character U+000D (a carriage return)"},
	{"deep_nesting", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), "fuzz.yaml:1:1: a scenario must be a mapping"},
}

// linkOutside makes, in dir, links that lead out of it: secret.yaml to a
// file of another directory, which holds "SECRET", and up to that
// directory. A scenario in dir that extends either must be refused, and
// SECRET never quoted.
func linkOutside(t testing.TB, dir string) {
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "secret.yaml"), []byte("name: SECRET\nroot_SECRET: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(out, "secret.yaml"), filepath.Join(dir, "secret.yaml")); err != nil {
		t.Skipf("cannot make a symbolic link here: %v", err)
	}
	if err := os.Symlink(out, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
}

// TestExtendsLinks: a link that stays beside the scenario may be extended;
// one that leads elsewhere may not, however it is reached.
func TestExtendsLinks(t *testing.T) {
	dir := t.TempDir()
	linkOutside(t, dir)
	base, err := os.ReadFile("testdata/ok/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "base.yaml"), base, 0o644)
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "inner.yaml"), base, 0o644)
	os.Symlink("base.yaml", filepath.Join(dir, "same.yaml"))
	os.Symlink(filepath.Join("..", filepath.Base(dir), "base.yaml"), filepath.Join(dir, "roundabout.yaml"))
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml"))
	os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.yaml"))
	os.Symlink("loop.yaml", filepath.Join(dir, "loop.yaml"))
	for _, test := range []struct {
		extends, want string // want "" for a scenario that loads
	}{
		{"base.yaml", ""},
		{"same.yaml", ""},
		{"roundabout.yaml", ""},
		{"sub/inner.yaml", ""},
		{"secret.yaml", "leads outside this scenario's directory"},
		{"up/secret.yaml", "leads outside this scenario's directory"},
		{"zero.yaml", "leads outside this scenario's directory"},
		{"passwd.yaml", "leads outside this scenario's directory"},
		{"loop.yaml", "too many links"},
	} {
		t.Run(test.extends, func(t *testing.T) {
			path := filepath.Join(dir, "child.yaml")
			if err := os.WriteFile(path, []byte("extends: "+test.extends+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := shippedLoader().Load(path)
			switch {
			case test.want == "" && err != nil:
				t.Errorf("Load: %v", err)
			case test.want != "" && (err == nil || !strings.Contains(err.Error(), test.want)):
				t.Errorf("Load: %v, want an error with %q", err, test.want)
			case err != nil && (strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "root:")):
				t.Errorf("Load quotes another file: %v", err)
			}
		})
	}
}

// manyKeys is a mapping of n distinct keys, each on a line of 12 bytes.
func manyKeys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%07d: 1\n", i)
	}
	return b.String()
}

func TestHostileFiles(t *testing.T) {
	dir := t.TempDir()
	linkOutside(t, dir)
	for _, test := range hostileFiles {
		t.Run(test.name, func(t *testing.T) {
			path := filepath.Join(dir, "fuzz.yaml")
			if err := os.WriteFile(path, []byte(test.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := shippedLoader().Load(path)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Load: %v, want a *scenario.Error", err)
			}
			msg := filepath.ToSlash(strings.ReplaceAll(e.Error(), filepath.ToSlash(dir)+"/", ""))
			msg = strings.ReplaceAll(msg, dir+string(filepath.Separator), "")
			if !strings.Contains(msg, test.want) {
				t.Errorf("error:\n%.500s\nwant it to contain %q", msg, test.want)
			}
			if strings.Contains(msg, `did you mean "-"`) {
				t.Errorf("error suggests the hidden key: %.500s", msg)
			}
			if n := len(e.Issues); n > maxIssues+1 {
				t.Errorf("%d issues, more than the %d and a count of the rest", n, maxIssues)
			}
			if strings.Contains(msg, "root:") || strings.Contains(msg, "SECRET") {
				t.Errorf("error echoes another file: %.500s", msg)
			}
		})
	}
}

// Whatever is not a regular file is refused before it is opened: a FIFO
// would block for ever, a device could be endless. So is a directory.
func TestNotRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("cannot make a FIFO here: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extends-fifo.yaml"), []byte("extends: fifo.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extends-dir.yaml"), []byte("extends: d.yaml\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct{ ref, want string }{
		{fifo, "fifo.yaml: not a regular file but a named pipe"},
		{filepath.Join(dir, "extends-fifo.yaml"), "extends-fifo.yaml:1:10: extends: " + fifo + ": not a regular file but a named pipe"},
		{filepath.Join(dir, "d.yaml"), "d.yaml: not a regular file but a directory"},
		{filepath.Join(dir, "extends-dir.yaml"), "not a regular file but a directory"},
		{"/dev/zero", "/dev/zero: not a regular file but a device"},
	} {
		t.Run(filepath.Base(test.ref), func(t *testing.T) {
			if _, err := os.Stat(test.ref); err != nil {
				t.Skip(err)
			}
			_, err := shippedLoader().Load(test.ref)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Load(%s): %v, want a *scenario.Error", test.ref, err)
			}
			if !strings.Contains(e.Error(), test.want) {
				t.Errorf("error %q does not contain %q", e, test.want)
			}
		})
	}
}

// A file that grows past the cap between its Stat and its reading is cut
// off at MaxFileSize+1 bytes and refused.
func TestReadFileCap(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(path, make([]byte, 101), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		max int64
		ok  bool
	}{{100, false}, {101, true}, {1 << 20, true}} {
		data, err := ReadFile(path, test.max)
		if test.ok != (err == nil) || test.ok && len(data) != 101 {
			t.Errorf("ReadFile(max %d) = %d bytes, %v", test.max, len(data), err)
		}
	}
}
