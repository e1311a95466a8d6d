package main

import (
	"embed"
	"strings"
)

// helpFS holds each command's long help, help/NAME.txt.
//
//go:embed help/*.txt
var helpFS embed.FS

// helpText returns command name's long help with each {{key}} replaced
// by its value; pairs are key, value, key, value…. A missing file or a
// placeholder left unfilled is a bug, found as the package starts.
func helpText(name string, pairs ...string) string {
	data, err := helpFS.ReadFile("help/" + name + ".txt")
	if err != nil {
		panic(err)
	}
	old := make([]string, len(pairs))
	for i, p := range pairs {
		if i%2 == 0 {
			p = "{{" + p + "}}"
		}
		old[i] = p
	}
	s := strings.NewReplacer(old...).Replace(string(data))
	if strings.Contains(s, "{{") {
		panic("help/" + name + ".txt: a placeholder is left unfilled")
	}
	return s
}
