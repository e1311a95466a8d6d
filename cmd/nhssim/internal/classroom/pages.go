package classroom

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/nhssim/nhssim/scenarios"
	"github.com/nhssim/nhssim/sim/compare"
	"github.com/nhssim/nhssim/sim/nhs"
)

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · nhssim classroom</title><link rel="stylesheet" href="/static/style.css"></head>
<body><header><a class="home" href="/">nhssim classroom</a> <nav><a href="/glossary">Glossary</a> <a href="/params">Parameters</a></nav></header>
<main id="main"><h1>{{.Title}}</h1>{{.Body}}</main></body></html>
`))

type pageData struct {
	Title string
	Body  template.HTML
}

var paramsTmpl = template.Must(template.New("params").Parse(`
<p>Every parameter of the model, from its registry: the default, the plausible range and where the figure comes from.
The levers on the main page link here. The same table is <code>docs/model.md</code> in the source.</p>
<table class="params"><thead><tr><th scope="col">Parameter</th><th scope="col">Default</th><th scope="col">Range</th><th scope="col">Unit</th><th scope="col">What it does</th><th scope="col">Source</th></tr></thead><tbody>
{{range .}}<tr id="{{.Path}}"><th scope="row"><code>{{.Path}}</code><br>{{.Label}}</th><td>{{.Default}}</td><td>{{if .Ranged}}{{index .Range 0}} to {{index .Range 1}}{{end}}</td><td>{{.Unit}}</td><td>{{.Doc}}</td><td>{{.Source}}</td></tr>
{{end}}</tbody></table>`))

type paramRow struct {
	nhs.Param
	Label string
}

// paramsPage lists the parameter registry: the sources the levers link to.
func (s *Server) paramsPage(w http.ResponseWriter, r *http.Request) {
	var rows []paramRow
	for _, p := range nhs.Params() {
		rows = append(rows, paramRow{p, p.Label()})
	}
	var b strings.Builder
	if err := paramsTmpl.Execute(&b, rows); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writePage(w, "Parameters", template.HTML(b.String()))
}

func writePage(w http.ResponseWriter, title string, body template.HTML) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	pageTmpl.Execute(w, pageData{title, body}) // a closed connection is the client's choice
}

var storyTmpl = template.Must(template.New("story").Parse(`
<p class="lede">{{.Description}}</p>
{{.Story}}
<h2>The levers that express it</h2>
<p>What this scenario sets differently from <code>england</code>, today's arrangements (computed from the scenario files):</p>
<table><thead><tr><th scope="col">Lever</th><th scope="col">england</th><th scope="col">{{.Name}}</th></tr></thead><tbody>
{{range .Levers}}<tr><th scope="row"><a href="/params#{{.Path}}">{{.Label}}</a><br><code>{{.Path}}</code></th><td>{{.From}}</td><td>{{.To}}</td></tr>
{{else}}<tr><td colspan="3">None: it is england.</td></tr>{{end}}</tbody></table>
<p><a class="button" href="/?a=england&amp;b={{.Name}}">Try it: compare {{.Name}} with england</a></p>`))

type storyLever struct{ Path, Label, From, To string }

// storyPage tells a seed system's story: the text in stories/NAME.html and
// the levers that express it, computed against england.
func (s *Server) storyPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	i := slices.IndexFunc(s.shipped, func(sc scenarioInfo) bool { return sc.Name == name && sc.Story })
	if i < 0 {
		http.NotFound(w, r)
		return
	}
	story, _ := assets.ReadFile("stories/" + name + ".html") // Story is true only if it exists
	sc, err1 := scenarios.Load(name)
	eng, err2 := scenarios.Load("england")
	if err1 != nil || err2 != nil {
		http.Error(w, "cannot load "+name, http.StatusInternalServerError)
		return
	}
	labels := map[string]string{}
	for _, p := range nhs.Params() {
		labels[p.Path] = p.Label()
	}
	var ls []storyLever
	for _, l := range compare.Levers(&eng.Config, &sc.Config) {
		if l.Path == "population.patients" {
			continue
		}
		ls = append(ls, storyLever{l.Path, labels[l.Path], strings.Trim(l.From, `"`), strings.Trim(l.To, `"`)})
	}
	slices.SortStableFunc(ls, func(a, b storyLever) int { return strings.Compare(a.Path, b.Path) })
	var b strings.Builder
	err := storyTmpl.Execute(&b, map[string]any{
		"Name": name, "Description": sc.Config.Description, "Story": template.HTML(story), "Levers": ls,
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writePage(w, name, template.HTML(b.String()))
}
