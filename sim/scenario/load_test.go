package scenario

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/nhssim/nhssim/sim/nhs"
)

// memLoader returns a Loader that reads scenario files from files and
// shipped scenarios from shipped, touching no disk.
func memLoader(files, shipped fstest.MapFS) Loader {
	return Loader{
		ReadFile: func(name string) ([]byte, error) { return fs.ReadFile(files, filepath.ToSlash(name)) },
		Shipped:  shipped,
	}
}

// mustLoad loads ref with l and fails the test if it does not load.
func mustLoad(t *testing.T, l Loader, ref string, sets ...string) *Scenario {
	t.Helper()
	sc, err := l.Load(ref, sets...)
	if err != nil {
		t.Fatalf("Load(%q, %q): %v", ref, sets, err)
	}
	return sc
}

// loadErr loads ref with l and returns its *Error, failing the test if the
// load succeeds or fails with any other kind of error.
func loadErr(t *testing.T, l Loader, ref string, sets ...string) *Error {
	t.Helper()
	sc, err := l.Load(ref, sets...)
	if err == nil {
		t.Fatalf("Load(%q, %q) = %+v, want an error", ref, sets, sc.Config)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Load(%q, %q): error %T %q, want a *scenario.Error", ref, sets, err, err)
	}
	if len(e.Issues) == 0 {
		t.Fatalf("Load(%q, %q): *Error with no issues", ref, sets)
	}
	return e
}

func TestLoadOK(t *testing.T) {
	for _, test := range []struct {
		file  string
		check func(*Scenario) bool
	}{
		{"minimal.yaml", func(sc *Scenario) bool {
			// Every field but the name comes from the registry's defaults.
			want := sc.Config
			want.Name = ""
			return sc.Name == "minimal" && reflect.DeepEqual(want, nhs.Defaults())
		}},
		{"small.yaml", func(sc *Scenario) bool {
			c := sc.Config
			return sc.Name == "small" && c.Seed == 7 && c.Run.Years == 2 && c.Run.WarmupYears == 0.5 &&
				c.Population.Patients == 20000 && c.GP.ConsultationRate == 5.5 && c.GP.UsualGPQueueTolerance == 3 &&
				c.Hospitals.PracticesPerHospital == 2 && c.Hospitals.LOSMeanDays == 7.5 &&
				c.SocialCare.PackageMeanDays == 60 && c.SocialCare.HomeCareHoursPer1000 == 58.5 &&
				c.Description == "Two practices and one hospital, for quick tests."
		}},
		{"extends_refnet.yaml", func(sc *Scenario) bool {
			return sc.Name == "refnet-long-stays" && sc.Config.Hospitals.LOSMeanDays == 9
		}},
		{"base.yaml", func(sc *Scenario) bool { return sc.Name == "base" }},
		{"child.yaml", func(sc *Scenario) bool { return sc.Name == "child" }},
	} {
		t.Run(test.file, func(t *testing.T) {
			file := filepath.Join("testdata", "ok", test.file)
			sc := mustLoad(t, shippedLoader(), file)
			if sc.File != file {
				t.Errorf("File = %q, want %q", sc.File, file)
			}
			if !test.check(sc) {
				t.Errorf("loaded %s as %+v", sc.Name, sc.Config)
			}
			if probs := sc.Config.Validate(); len(probs) > 0 {
				t.Errorf("Load returned a scenario that does not validate: %v", probs)
			}
		})
	}
	checkAllTested(t, filepath.Join("testdata", "ok"), []string{"minimal.yaml", "small.yaml", "extends_refnet.yaml", "base.yaml", "child.yaml"})
}

func TestLoadBad(t *testing.T) {
	// Each file has one defect, reported as one issue at the file, line and
	// column where it was written and the field path it concerns.
	for _, test := range []struct {
		file string
		at   string // file:line:col, or only the file where there is no line
		path string // field path; empty where the problem is not one field's
		msg  string // part of the message
	}{
		{"mistyped_key.yaml", "mistyped_key.yaml:3:3", "hospitals.los_mean_day", `unknown field "los_mean_day" (did you mean "los_mean_days"?)`},
		{"mistyped_section.yaml", "mistyped_section.yaml:2:1", "hospital", `(did you mean "hospitals"?)`},
		{"removed_field.yaml", "removed_field.yaml:3:3", "general_practice.registration_years", "removed: set general_practice.list_turnover_per_year to 1 / registration_years"},
		{"wrong_type.yaml", "wrong_type.yaml:3:13", "population.patients", `expected a whole number, got "many"`},
		{"negative_rate.yaml", "negative_rate.yaml:3:22", "general_practice.consultation_rate", "-5 is outside [0, 100]"},
		{"nan_rate.yaml", "nan_rate.yaml:3:29", "hospitals.emergency_admission_rate", "NaN is outside [0, 10]"},
		{"zero_gps.yaml", "zero_gps.yaml:3:21", "general_practice.gps_per_practice", "0 is outside [1, 255]"},
		{"negative_beds.yaml", "negative_beds.yaml:4:18", "hospitals.beds_per_1000", "-1 is outside [0, 100]"},
		{"warmup_not_before_end.yaml", "warmup_not_before_end.yaml:4:17", "run.warmup_years", "2 must be less than run.years (2)"},
		{"practice_too_small.yaml", "practice_too_small.yaml:3:18", "population.practice_size", "4 patients cannot give each of the practice's 6 GPs"},
		{"remainder_practice.yaml", "remainder_practice.yaml:3:13", "population.patients", "leave a last practice of 3, fewer than its 6 GPs"},
		{"unknown_extends.yaml", "unknown_extends.yaml:2:10", "extends", `unknown scenario "no-such-scenario": not a file (looked for testdata/bad/no-such-scenario.yaml), and the shipped scenarios are `},
		{"missing_extends_file.yaml", "missing_extends_file.yaml:2:10", "extends", "./no-such-file.yaml: no such file (looked for testdata/bad/no-such-file.yaml)"},
		// A cycle is reported at the extends that closes it.
		{"cycle_a.yaml", "cycle_b.yaml:2:10", "extends", "extends goes round in a circle: testdata/bad/cycle_a.yaml → testdata/bad/cycle_b.yaml → testdata/bad/cycle_a.yaml"},
		{"cycle_b.yaml", "cycle_a.yaml:2:10", "extends", "extends goes round in a circle: testdata/bad/cycle_b.yaml → testdata/bad/cycle_a.yaml → testdata/bad/cycle_b.yaml"},
		{"extends_self.yaml", "extends_self.yaml:2:10", "extends", "extends goes round in a circle"},
		{"not_yaml.yaml", "not_yaml.yaml:4:2", "", "not valid YAML: did not find expected key"},
		{"empty.yaml", "empty.yaml", "", "the file is empty"},
		{"only_comments.yaml", "only_comments.yaml", "", "the file is empty"},
		{"top_level_list.yaml", "top_level_list.yaml:1:1", "", "a scenario must be a mapping of fields"},
		{"duplicate_key.yaml", "duplicate_key.yaml:3:1", "seed", "set twice in the same mapping"},
		// The parent's problem is reported at the parent's file and line.
		{"bad_parent.yaml", "parent_with_problem.yaml:3:22", "social_care.package_mean_days", "0 is outside (0, 10000]"},
		{"parent_with_problem.yaml", "parent_with_problem.yaml:3:22", "social_care.package_mean_days", "0 is outside (0, 10000]"},
		{"unknown_payment.yaml", "unknown_payment.yaml:3:12", "contracts.payment", `unknown value "by-the-hour": expected one of activity, block, capitation`},
		{"zero_tender_cycle.yaml", "zero_tender_cycle.yaml:4:23", "contracts.tender_cycle_years", "0 is outside (0, 50]"},
		{"shares_not_one.yaml", "shares_not_one.yaml:3:23", "population.deprivation_shares", "the shares sum to 1.1; they must sum to 1"},
		{"body_without_area.yaml", "body_without_area.yaml:5:25", "commissioning.coverage[1]", "this commissioning body covers no area"},
		{"overlapping_areas.yaml", "overlapping_areas.yaml:7:8", "commissioning.coverage[1][0]", "area 1 is covered twice: also by body 0"},
		{"probability_above_one.yaml", "probability_above_one.yaml:3:24", "social_care.package_probability", "1.2 is outside [0, 1]"},
	} {
		t.Run(test.file, func(t *testing.T) {
			e := loadErr(t, shippedLoader(), filepath.Join("testdata", "bad", test.file))
			if len(e.Issues) != 1 {
				t.Fatalf("got %d issues, want 1:\n%v", len(e.Issues), e)
			}
			want := "testdata/bad/" + test.at + ": "
			if test.path != "" {
				want += test.path + ": "
			}
			if got := filepath.ToSlash(e.Error()); !strings.HasPrefix(got, want) || !strings.Contains(got, test.msg) {
				t.Errorf("error:\n\t%s\nwant it to start %q and contain %q", got, want, test.msg)
			}
			if got := e.Issues[0].Path; got != test.path {
				t.Errorf("Issues[0].Path = %q, want %q", got, test.path)
			}
		})
	}
	checkAllTested(t, filepath.Join("testdata", "bad"), []string{
		"mistyped_key.yaml", "mistyped_section.yaml", "removed_field.yaml", "wrong_type.yaml", "negative_rate.yaml", "nan_rate.yaml",
		"zero_gps.yaml", "negative_beds.yaml", "warmup_not_before_end.yaml", "practice_too_small.yaml",
		"remainder_practice.yaml", "unknown_extends.yaml", "missing_extends_file.yaml", "cycle_a.yaml",
		"cycle_b.yaml", "extends_self.yaml", "not_yaml.yaml", "empty.yaml", "only_comments.yaml",
		"top_level_list.yaml", "duplicate_key.yaml", "bad_parent.yaml", "parent_with_problem.yaml",
		"unknown_payment.yaml", "zero_tender_cycle.yaml", "body_without_area.yaml", "overlapping_areas.yaml", "shares_not_one.yaml", "probability_above_one.yaml",
		"many_problems.yaml", // TestLoadManyProblems
	})
}

// checkAllTested fails if dir holds a YAML file that tested does not list,
// so that a file added to testdata is not silently left untested.
func checkAllTested(t *testing.T, dir string, tested []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, f := range tested {
		known[f] = true
	}
	for _, f := range files {
		if !known[filepath.Base(f)] {
			t.Errorf("%s has no test case", f)
		}
	}
}

func TestLoadManyProblems(t *testing.T) {
	// Every problem comes back at once: decoding problems and then domain
	// and cross-field ones, each at its own line.
	file := filepath.Join("testdata", "bad", "many_problems.yaml")
	e := loadErr(t, shippedLoader(), file)
	want := []string{
		`:6:13: population.patients: expected a whole number, got "lots"`,
		`:8:3: general_practice.consultation_rat: unknown field "consultation_rat" (did you mean "consultation_rate"?)`,
		`:10:18: hospitals.los_mean_days: -1 is outside (0, 1000]`,
		`:12:24: social_care.package_probability: 1.5 is outside [0, 1]`,
		`:4:17: run.warmup_years: 3 must be less than run.years (2)`,
	}
	if len(e.Issues) != len(want) {
		t.Fatalf("got %d issues, want %d:\n%v", len(e.Issues), len(want), e)
	}
	for i, is := range e.Issues {
		if got := is.Error(); got != file+want[i] {
			t.Errorf("issue %d = %q, want %q", i, got, file+want[i])
		}
	}
	if lines := strings.Split(e.Error(), "\n"); len(lines) != len(want) {
		t.Errorf("Error() has %d lines, want one per issue:\n%s", len(lines), e)
	}
}

func TestLoadFailedFieldHidesItsChecks(t *testing.T) {
	// A field that does not decode keeps its default; the checks that use it
	// must not then complain about that stand-in value.
	files := fstest.MapFS{"s.yaml": {Data: []byte("run:\n  years: two\n  warmup_years: 6\n")}}
	e := loadErr(t, memLoader(files, nil), "s.yaml")
	if len(e.Issues) != 1 || e.Issues[0].Path != "run.years" {
		t.Errorf("got\n%v\nwant one issue, at run.years", e)
	}
}

func TestLoadNotFound(t *testing.T) {
	for _, ref := range []string{"no-such-scenario", "testdata/no-such-file.yaml"} {
		e := loadErr(t, shippedLoader(), ref)
		if got := e.Error(); !strings.Contains(got, ref) {
			t.Errorf("Load(%q): %q does not name the scenario", ref, got)
		}
	}
}

func TestLoadReadError(t *testing.T) {
	// A file that exists but cannot be read is reported, not treated as
	// missing.
	l := Loader{ReadFile: func(string) ([]byte, error) { return nil, fs.ErrPermission }}
	e := loadErr(t, l, "s.yaml")
	if got := e.Error(); !strings.Contains(got, "s.yaml") || !strings.Contains(got, "permission denied") {
		t.Errorf("error %q, want it to name the file and the cause", got)
	}
}

func TestExtends(t *testing.T) {
	refnet, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "reference", "refnet.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	shipped := fstest.MapFS{"reference/refnet.yaml": {Data: refnet}}
	files := fstest.MapFS{
		"by-name.yaml": {Data: []byte("extends: refnet\nname: by-name\nhospitals:\n  los_mean_days: 8\n")},
		"dir/base.yaml": {Data: []byte(`# base
name: base
seed: 11
run:
  years: 3
population:
  patients: 30000
  practice_size: 5000
`)},
		"dir/relative.yaml":   {Data: []byte("extends: ./base.yaml\nrun:\n  warmup_years: 2\nseed: 12\n")},
		"dir/bare.yaml":       {Data: []byte("extends: base\n")},
		"dir/grandchild.yaml": {Data: []byte("extends: relative.yaml\nname: grandchild\n")},
		"dir/sub/up.yaml":     {Data: []byte("extends: ../base.yaml\nname: up\n")},
		"dir/bad-base.yaml": {Data: []byte(`name: bad-base
hospitals:
  los_mean_days: 5
  beds_per_1000: -1
`)},
		"bad-child.yaml":     {Data: []byte("extends: dir/bad-base.yaml\nname: bad-child\n")},
		"fixes-parent.yaml":  {Data: []byte("extends: dir/bad-base.yaml\nhospitals:\n  beds_per_1000: 1.5\n")},
		"typo-in-child.yaml": {Data: []byte("extends: refnet\nhospitals:\n  beds_per_1000: 1.5\n  los_mean: 3\n")},
		"extends-list.yaml":  {Data: []byte("extends: [refnet]\n")},
	}
	l := memLoader(files, shipped)

	t.Run("ByName", func(t *testing.T) {
		sc := mustLoad(t, l, "by-name.yaml")
		c := sc.Config
		if sc.Name != "by-name" || c.Hospitals.LOSMeanDays != 8 {
			t.Errorf("child's own values: name %q, los_mean_days %g; want by-name, 8", sc.Name, c.Hospitals.LOSMeanDays)
		}
		// The rest comes from refnet, including what refnet sets and the
		// defaults do not.
		if c.Description == "" || c.Hospitals.BedsPer1000 != 1.62 || c.Population.Patients != 100000 {
			t.Errorf("values from refnet not merged: %+v", c)
		}
		if sc.File != "by-name.yaml" {
			t.Errorf("File = %q, want the child's", sc.File)
		}
	})
	t.Run("RelativePath", func(t *testing.T) {
		sc := mustLoad(t, l, "dir/relative.yaml")
		c := sc.Config
		// Mappings merge key by key: run.years from the parent, run.warmup_years
		// from the child; seed is replaced; name is the parent's.
		if c.Run.Years != 3 || c.Run.WarmupYears != 2 || c.Seed != 12 || c.Population.Patients != 30000 || sc.Name != "base" {
			t.Errorf("merged %q as %+v", sc.Name, c)
		}
	})
	t.Run("BareNameBesideFile", func(t *testing.T) {
		// extends: base finds base.yaml beside the file before any shipped one.
		if sc := mustLoad(t, l, "dir/bare.yaml"); sc.Config.Seed != 11 {
			t.Errorf("seed = %d, want 11 from dir/base.yaml", sc.Config.Seed)
		}
	})
	t.Run("Chain", func(t *testing.T) {
		sc := mustLoad(t, l, "dir/grandchild.yaml")
		if sc.Name != "grandchild" || sc.Config.Run.WarmupYears != 2 || sc.Config.Run.Years != 3 {
			t.Errorf("merged %q as %+v", sc.Name, sc.Config)
		}
	})
	t.Run("ParentDirectory", func(t *testing.T) {
		// Only a file beside the scenario, or below it, may be extended.
		e := loadErr(t, l, "dir/sub/up.yaml")
		if want := `up.yaml:1:10: extends: "../base.yaml" is outside this scenario's directory`; !strings.Contains(e.Error(), want) {
			t.Errorf("error:\n%v\nwant:\n%s", e, want)
		}
	})
	t.Run("ErrorInParent", func(t *testing.T) {
		e := loadErr(t, l, "bad-child.yaml")
		want := "dir/bad-base.yaml:4:18: hospitals.beds_per_1000: -1 is outside [0, 100]"
		if len(e.Issues) != 1 || filepath.ToSlash(e.Error()) != want {
			t.Errorf("error:\n%v\nwant:\n%s", e, want)
		}
	})
	t.Run("ChildFixesParent", func(t *testing.T) {
		if sc := mustLoad(t, l, "fixes-parent.yaml"); sc.Config.Hospitals.BedsPer1000 != 1.5 || sc.Config.Hospitals.LOSMeanDays != 5 {
			t.Errorf("merged as %+v", sc.Config.Hospitals)
		}
	})
	t.Run("ErrorInChild", func(t *testing.T) {
		e := loadErr(t, l, "typo-in-child.yaml")
		want := `typo-in-child.yaml:4:3: hospitals.los_mean: unknown field "los_mean" (did you mean "los_mean_days"?)`
		if len(e.Issues) != 1 || e.Error() != want {
			t.Errorf("error:\n%v\nwant:\n%s", e, want)
		}
	})
	t.Run("NotAName", func(t *testing.T) {
		e := loadErr(t, l, "extends-list.yaml")
		if want := "extends-list.yaml:1:10: extends: expected the name or path"; !strings.HasPrefix(e.Error(), want) {
			t.Errorf("error %q, want it to start %q", e, want)
		}
	})
}

func TestSet(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		sc := mustLoad(t, shippedLoader(), "refnet",
			"population.patients=20000",
			"hospitals.los_mean_days=7.5",
			"seed=42",
			"name=refnet-small",
			"run.years=3", "run.years=4", // the last one wins
			" general_practice.gps_per_practice =5", // spaces around the path are trimmed
		)
		c := sc.Config
		if c.Population.Patients != 20000 || c.Hospitals.LOSMeanDays != 7.5 || c.Seed != 42 ||
			sc.Name != "refnet-small" || c.Run.Years != 4 || c.GP.GPsPerPractice != 5 {
			t.Errorf("overrides not applied: %q %+v", sc.Name, c)
		}
		// What was not overridden is still refnet's.
		if c.Population.PracticeSize != 10000 || c.Hospitals.BedsPer1000 != 1.62 {
			t.Errorf("refnet's values lost: %+v", c)
		}
	})
	t.Run("LargeSeed", func(t *testing.T) {
		// 2^53+1 is the first integer a float64 cannot hold; a seed is read
		// exactly, up to the largest uint64.
		for _, want := range []uint64{1<<53 + 1, 1<<64 - 1} {
			sc := mustLoad(t, shippedLoader(), "refnet", fmt.Sprintf("seed=%d", want))
			if sc.Config.Seed != want {
				t.Errorf("seed = %d, want %d", sc.Config.Seed, want)
			}
		}
	})
	t.Run("OverridesParent", func(t *testing.T) {
		sc := mustLoad(t, shippedLoader(), filepath.Join("testdata", "ok", "child.yaml"), "population.patients=40000")
		if sc.Config.Population.Patients != 40000 {
			t.Errorf("patients = %d, want 40000", sc.Config.Population.Patients)
		}
	})
	t.Run("FixesFile", func(t *testing.T) {
		// An override replaces a bad value before validation.
		sc := mustLoad(t, shippedLoader(), filepath.Join("testdata", "bad", "negative_rate.yaml"), "general_practice.consultation_rate=6")
		if sc.Config.GP.ConsultationRate != 6 {
			t.Errorf("consultation_rate = %g, want 6", sc.Config.GP.ConsultationRate)
		}
	})
	for _, test := range []struct {
		name string
		set  string
		path string // the field path reported; empty for a malformed --set
		msg  string
	}{
		{"UnknownPath", "hospitals.los_mean_dayz=7", "hospitals.los_mean_dayz", `unknown field "los_mean_dayz" (did you mean "los_mean_days"?)`},
		{"UnknownSection", "hospitalz.los_mean_days=7", "hospitalz", `(did you mean "hospitals"?)`},
		{"WrongType", "population.patients=many", "population.patients", `expected a whole number, got "many"`},
		{"NotWhole", "population.patients=20000.5", "population.patients", "expected a whole number, got 20000.5"},
		{"WrongTypeBool", "hospitals.los_mean_days=true", "hospitals.los_mean_days", `expected a number, got "true"`},
		{"List", "hospitals.los_mean_days=[1, 2]", "hospitals.los_mean_days", "expected a number, got a list"},
		{"ScalarForSection", "hospitals=5", "hospitals", "expected a mapping of fields, got a single value"},
		{"MappingForLeaf", "hospitals.los_mean_days.x=5", "hospitals.los_mean_days", "expected a number, got a mapping"},
		{"NoValue", "hospitals.los_mean_days=", "hospitals.los_mean_days", "no value given: expected a number"},
		{"OutOfDomain", "hospitals.beds_per_1000=-1", "hospitals.beds_per_1000", "-1 is outside [0, 100]"},
		{"NaN", "general_practice.consultation_rate=.nan", "general_practice.consultation_rate", "NaN is outside [0, 100]"},
		{"Infinite", "hospitals.los_mean_days=.inf", "hospitals.los_mean_days", "∞ is outside (0, 1000]"},
		{"NegativeSeed", "seed=-1", "seed", "expected a whole number of at least 0, got -1"},
		{"TooLarge", "population.patients=1e30", "population.patients", "1e30 is too large"},
		{"SeedTooLarge", "seed=18446744073709551616", "seed", "18446744073709551616 is too large"}, // 2^64
		{"NoEquals", "population.patients", "", "expected field.path=value"},
		{"NoPath", "=5", "", "expected field.path=value"},
	} {
		t.Run(test.name, func(t *testing.T) {
			e := loadErr(t, shippedLoader(), "refnet", test.set)
			if len(e.Issues) != 1 {
				t.Fatalf("got %d issues, want 1:\n%v", len(e.Issues), e)
			}
			want := "--set " + test.set + ": "
			if test.path != "" {
				want += test.path + ": "
			}
			if got := e.Error(); !strings.HasPrefix(got, want) || !strings.Contains(got, test.msg) {
				t.Errorf("error:\n\t%s\nwant it to start %q and contain %q", got, want, test.msg)
			}
		})
	}
	t.Run("Several", func(t *testing.T) {
		// Every bad override is reported, with the file's own problems.
		e := loadErr(t, shippedLoader(), filepath.Join("testdata", "bad", "negative_rate.yaml"), "seed=x", "hospitals.beds=100")
		if len(e.Issues) != 3 {
			t.Fatalf("got %d issues, want 3:\n%v", len(e.Issues), e)
		}
		for i, prefix := range []string{"--set seed=x: seed: ", "--set hospitals.beds=100: hospitals.beds: ", filepath.Join("testdata", "bad", "negative_rate.yaml") + ":3:22: "} {
			if got := e.Issues[i].Error(); !strings.HasPrefix(got, prefix) {
				t.Errorf("issue %d = %q, want it to start %q", i, got, prefix)
			}
		}
	})
}

func TestShipped(t *testing.T) {
	names, err := shippedLoader().Names()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, "refnet") {
		t.Errorf("Names() = %q, want it to include refnet", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			sc := mustLoad(t, shippedLoader(), name)
			if sc.Name != name {
				t.Errorf("scenario %s calls itself %q", name, sc.Name)
			}
			if sc.Config.Description == "" {
				t.Errorf("scenario %s has no description (nhssim scenarios lists it)", name)
			}
			if probs := sc.Config.Validate(); len(probs) > 0 {
				t.Errorf("Validate: %v", probs)
			}
		})
	}
}

func TestNames(t *testing.T) {
	shipped := fstest.MapFS{
		"b.yaml":           {Data: []byte("name: b\n")},
		"reference/a.yaml": {Data: []byte("name: a\n")},
		"README.md":        {Data: []byte("not a scenario")},
	}
	names, err := Loader{Shipped: shipped}.Names()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a", "b"}; !slices.Equal(names, want) {
		t.Errorf("Names() = %q, want %q", names, want)
	}
	l := memLoader(fstest.MapFS{}, shipped)
	for _, name := range names {
		if sc := mustLoad(t, l, name); sc.Name != name {
			t.Errorf("Load(%q).Name = %q", name, sc.Name)
		}
	}
}

func TestNameFromFile(t *testing.T) {
	// A scenario without a name: takes its file's base name.
	l := memLoader(fstest.MapFS{"dir/unnamed.yml": {Data: []byte("seed: 2\n")}}, nil)
	if sc := mustLoad(t, l, "dir/unnamed.yml"); sc.Name != "unnamed" {
		t.Errorf("Name = %q, want unnamed", sc.Name)
	}
}

func TestHash(t *testing.T) {
	a := mustLoad(t, shippedLoader(), "refnet")
	b := mustLoad(t, shippedLoader(), "refnet", "hospitals.los_mean_days=5.0") // refnet's own value
	c := mustLoad(t, shippedLoader(), "refnet", "hospitals.los_mean_days=5.5")
	if Hash(&a.Config) != Hash(&b.Config) {
		t.Errorf("the same parameters hash differently")
	}
	if Hash(&a.Config) == Hash(&c.Config) {
		t.Errorf("different parameters hash the same")
	}
	kv := Resolved(&a.Config)
	if len(kv) != len(nhs.Params()) {
		t.Errorf("Resolved lists %d parameters, the registry %d", len(kv), len(nhs.Params()))
	}
}

// shippedLoader reads files on disk and the repository's shipped scenarios,
// as the command does, without importing the scenarios package (packages
// under sim/ import only packages under sim/).
func shippedLoader() Loader { return Loader{Shipped: os.DirFS("../../scenarios")} }

func TestIsPath(t *testing.T) {
	for _, test := range []struct {
		ref  string
		want bool
	}{
		{"england", false}, {"market-contract", false}, {"my.scenario", false},
		{"x.yaml", true}, {"x.yml", true}, {"dir/x", true}, {`dir\x`, true}, {"/abs/x", true},
	} {
		if got := IsPath(test.ref); got != test.want {
			t.Errorf("IsPath(%q) = %v, want %v", test.ref, got, test.want)
		}
	}
}

// Unshipped finds the first reference that is neither a file's path nor
// a shipped scenario's name.
func TestUnshipped(t *testing.T) {
	l := Loader{Shipped: fstest.MapFS{"b.yaml": {Data: []byte("name: b\n")}, "reference/a.yaml": {Data: []byte("name: a\n")}}}
	for _, test := range []struct {
		refs []string
		want string
	}{
		{[]string{"a", "b"}, ""},
		{[]string{"a", "mine.yaml", "dir/c"}, ""},
		{[]string{"a", "c", "d"}, "c"},
		{nil, ""},
	} {
		got, names, err := l.Unshipped(test.refs)
		if err != nil || got != test.want || !slices.Equal(names, []string{"a", "b"}) {
			t.Errorf("Unshipped(%q) = %q, %q, %v; want %q", test.refs, got, names, err, test.want)
		}
	}
}
