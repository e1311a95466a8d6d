package nhs

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// ScenarioSchema returns a JSON Schema (draft 2020-12) for scenario files,
// generated from the registry: every parameter with its type, default,
// valid values and meaning, and no other field. Editors that read JSON
// Schema (such as the YAML language server) use it to check and complete
// scenario files; docs/scenario.schema.json is a copy that a test keeps
// current. What a schema cannot say (a distribution must sum to 1, the
// population must fill whole practices, extends must name a scenario) is
// still checked by the loader.
func ScenarioSchema() []byte {
	root := object("An nhssim scenario file: any parameter it leaves out takes its default (docs/model.md).")
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["title"] = "nhssim scenario"
	props := root["properties"].(map[string]any)
	props["extends"] = map[string]any{
		"type":        "string",
		"description": "a shipped scenario's name, or the path of a scenario file relative to this one, whose parameters this file starts from",
	}
	props["timeline"] = map[string]any{
		"type":        "array",
		"description": "lever changes at stated times of the run (docs/scenarios.md): each sets field paths to new values; parameters that cannot change mid-run are refused by the loader",
		"items": map[string]any{
			"type":                 "object",
			"additionalProperties": false,
			"properties": map[string]any{
				"at": map[string]any{
					"type":        "string",
					"description": "required: when, in years, months or days from the start, such as 2y, 18m or 365d",
				},
				"set": map[string]any{
					"type":                 "object",
					"description":          "required: field paths, such as contracts.payment, and their new values (at least one)",
					"additionalProperties": true,
				},
			},
		},
	}
	for _, p := range Params() {
		parts := strings.Split(p.Path, ".")
		m := props
		for _, sec := range parts[:len(parts)-1] {
			s, ok := m[sec].(map[string]any)
			if !ok {
				s = object("the " + strings.ReplaceAll(sec, "_", " ") + " parameters")
				m[sec] = s
			}
			m = s["properties"].(map[string]any)
		}
		m[parts[len(parts)-1]] = paramSchema(p)
	}
	out, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic("nhs: " + err.Error())
	}
	return append(out, '\n')
}

func object(desc string) map[string]any {
	return map[string]any{
		"type":                 "object",
		"description":          desc,
		"additionalProperties": false,
		"properties":           map[string]any{},
	}
}

// paramSchema is one parameter's schema: its scalar type and bounds, or a
// fixed-length list of them.
func paramSchema(p Param) map[string]any {
	desc := p.Doc
	if p.Unit != "" && p.Unit != "1" {
		desc += " (" + p.Unit + ")"
	}
	if p.SumsTo1 {
		desc += "; the list must sum to 1"
	}
	if p.Dist.Kind != "" {
		desc += "; uncertainty: " + p.Dist.String()
	}
	if p.Kind == reflect.Slice {
		return map[string]any{
			"type":        "array",
			"description": desc,
			"items": map[string]any{
				"type":  "array",
				"items": map[string]any{"type": "integer", "minimum": 0},
			},
		}
	}
	s := scalarSchema(p)
	if p.Len > 0 {
		s = map[string]any{"type": "array", "items": s, "minItems": p.Len, "maxItems": p.Len}
	}
	s["description"] = desc
	if d, ok := typedDefault(p); ok {
		s["default"] = d
	}
	return s
}

func scalarSchema(p Param) map[string]any {
	s := map[string]any{}
	switch p.Kind {
	case reflect.Bool:
		s["type"] = "boolean"
	case reflect.String:
		s["type"] = "string"
		if p.Enum != nil {
			s["enum"] = p.Enum
		}
	case reflect.Float32, reflect.Float64:
		s["type"] = "number"
	default:
		s["type"] = "integer"
		if p.Kind >= reflect.Uint && p.Kind <= reflect.Uint64 {
			s["minimum"] = 0
		}
	}
	if d := p.Domain; d.Set {
		if !math.IsInf(d.Lo, 0) {
			key := "minimum"
			if d.LoOpen {
				key = "exclusiveMinimum"
			}
			s[key] = d.Lo
		}
		if !math.IsInf(d.Hi, 0) {
			key := "maximum"
			if d.HiOpen {
				key = "exclusiveMaximum"
			}
			s[key] = d.Hi
		}
	}
	return s
}

// typedDefault is p's default as the JSON value it stands for.
func typedDefault(p Param) (any, bool) {
	if p.Default == "" {
		return nil, false
	}
	one := func(s string) any {
		switch p.Kind {
		case reflect.Bool:
			b, _ := strconv.ParseBool(s)
			return b
		case reflect.String:
			return s
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			panic("nhs: default of " + p.Path + ": " + err.Error())
		}
		return x
	}
	if p.Len == 0 {
		return one(p.Default), true
	}
	var xs []any
	for _, s := range strings.Split(p.Default, ",") {
		xs = append(xs, one(s))
	}
	return xs, true
}
