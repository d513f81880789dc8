// Package main renders ApplicationSet templates with Go's text/template and the Sprig functions
// Argo CD allows (its own additions written here), for GitOps Desk: compiled to WebAssembly for
// the app, and natively for the tests that compare the two.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/gosimple/slug"
	"sigs.k8s.io/yaml"
)

// Request is one batch: every template is rendered with the same parameters and options.
type Request struct {
	Templates []string       `json:"templates"`
	Params    map[string]any `json:"params"`
	Options   []string       `json:"options"`
}

// Response holds a result per template, or the first error and the template it came from.
type Response struct {
	Results []string `json:"results"`
	Error   string   `json:"error,omitempty"`
	Index   int      `json:"index"`
}

var funcs = func() template.FuncMap {
	m := sprig.GenericFuncMap()
	// As Argo CD: nothing that reads the environment or the network.
	for _, name := range []string{"env", "expandenv", "getHostByName"} {
		delete(m, name)
	}
	m["normalize"] = normalize
	m["slugify"] = slugify
	m["toYaml"] = toYaml
	m["fromYaml"] = fromYaml
	m["fromYamlArray"] = fromYamlArray
	return template.FuncMap(m)
}()

var notDNS = regexp.MustCompile("[^-a-z0-9.]")

// normalize makes a DNS-1123 subdomain of a name: lower case, other characters as '-', at most 253.
func normalize(name string) string {
	name = notDNS.ReplaceAllString(strings.ToLower(name), "-")
	if len(name) > 253 {
		name = name[:253]
	}
	return strings.Trim(name, "-.")
}

// slugify: [maxSize [smartTruncate]] name, as Argo CD's (defaults 50 and true).
func slugify(args ...any) (string, error) {
	maxSize, smart, name := 50, true, ""
	for i, arg := range args {
		var ok bool
		switch {
		case i == len(args)-1:
			name, ok = arg.(string)
		case i == 0:
			maxSize, ok = arg.(int)
		case i == 1:
			smart, ok = arg.(bool)
		}
		if !ok {
			return "", fmt.Errorf("slugify: argument %d has the wrong type", i+1)
		}
	}
	slug.EnableSmartTruncate = smart
	slug.MaxLength = maxSize
	return slug.Make(normalize(name)), nil
}

func toYaml(v any) (string, error) {
	out, err := yaml.Marshal(v)
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}

func fromYaml(text string) (map[string]any, error) {
	m := map[string]any{}
	return m, yaml.Unmarshal([]byte(text), &m)
}

func fromYamlArray(text string) ([]any, error) {
	a := []any{}
	return a, yaml.Unmarshal([]byte(text), &a)
}

// Render renders each template of the request, stopping at the first error (with Argo CD's wording).
func Render(input []byte) Response {
	var req Request
	if err := json.Unmarshal(input, &req); err != nil {
		return Response{Error: "bad request: " + err.Error(), Index: -1}
	}
	results := make([]string, 0, len(req.Templates))
	for i, text := range req.Templates {
		tmpl, err := template.New("").Funcs(funcs).Parse(text)
		if err != nil {
			return Response{Error: fmt.Sprintf("failed to parse template %s: %v", text, err), Index: i}
		}
		for _, option := range req.Options {
			if err := setOption(tmpl, option); err != nil {
				return Response{Error: err.Error(), Index: i}
			}
		}
		var out bytes.Buffer
		if err := tmpl.Execute(&out, req.Params); err != nil {
			return Response{Error: fmt.Sprintf("failed to execute go template %s: %v", text, err), Index: i}
		}
		results = append(results, out.String())
	}
	return Response{Results: results}
}

// setOption is template.Option, with an unknown option an error instead of a panic.
func setOption(tmpl *template.Template, option string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("goTemplateOptions: %v", r)
		}
	}()
	tmpl.Option(option)
	return nil
}
