package nhs

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// citation matches a reference key in a parameter's source, such as
// [sandvik2022]: an entry of the reference list in docs/evidence.md.
var citation = regexp.MustCompile(`\[([a-z0-9][a-z0-9-]*)\]`)

// SourceKeys returns the reference keys a source cites, in order.
func SourceKeys(source string) []string {
	var keys []string
	for _, m := range citation.FindAllStringSubmatch(source, -1) {
		keys = append(keys, m[1])
	}
	return keys
}

// linkSources turns each [key] of a source into a Markdown link to its
// entry in docs/evidence.md.
func linkSources(source string) string {
	return citation.ReplaceAllString(source, "[$1](evidence.md#$1)")
}

// ParamTable renders the registry as a Markdown table: path, default,
// domain, plausible range, uncertainty, unit, meaning and source. docs/model.md embeds it
// between the markers <!-- params:begin --> and <!-- params:end -->, and a
// test fails when the committed copy is stale.
func ParamTable() string {
	var b strings.Builder
	b.WriteString("| parameter | default | valid | plausible range | uncertainty | unit | meaning | source |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, p := range Params() {
		dom, rng := "", ""
		if p.Domain.Set {
			dom = p.Domain.String()
		}
		if p.Enum != nil {
			dom = strings.Join(p.Enum, ", ")
		}
		if p.Kind == reflect.Bool {
			dom = "true, false"
		}
		if p.Kind == reflect.Slice {
			dom = "lists of area indices"
		}
		if p.Ranged {
			rng = fmtBound(p.Range[0]) + " – " + fmtBound(p.Range[1])
		}
		def := strings.ReplaceAll(p.Default, ",", ", ")
		if p.Len > 0 {
			def = "[" + def + "]"
		}
		if def == "" {
			def = "—"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n",
			p.Path, cell(def), dom, rng, cell(p.Dist.String()), cell(p.Unit), cell(p.Doc), cell(linkSources(p.Source)))
	}
	return b.String()
}

// FixedMidRunTable renders the parameters that cannot change on a timeline,
// with why, as rows of a Markdown table (docs/model.md embeds them).
func FixedMidRunTable() string {
	var b strings.Builder
	for _, f := range FixedMidRunList() {
		name := "`" + f[0] + "`"
		if strings.HasSuffix(f[0], ".") {
			name = "`" + f[0] + "*`"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", name, f[1])
	}
	return b.String()
}

// ReorganisingText lists the organisational levers for docs/model.md.
func ReorganisingText() string {
	var names []string
	for _, l := range ReorganisingLevers() {
		names = append(names, "`"+l+"`")
	}
	return strings.Join(names, ", ")
}
