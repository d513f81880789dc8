package main

// Argo CD's notifications, as its notifications-engine and argo-cd's util/notification run them:
// trigger conditions (`when`, `oncePer`) with expr-lang at the version Argo CD pins, and message
// templates with text/template and sprig's TxtFuncMap (less env and expandenv), over the same
// variables (app, context, serviceType, recipient, time, strings, repo).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"text/template"
	gotime "time"

	"github.com/Masterminds/sprig/v3"
	giturls "github.com/chainguard-dev/git-urls"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// NotifyRequest is one of: `compile` (check each expression), `evaluate` (run conditions over an
// app) or `render` (run templates over an app for one service).
type NotifyRequest struct {
	Op          string            `json:"op"`
	Expressions []string          `json:"expressions"`
	Conditions  []Condition       `json:"conditions"`
	Templates   []string          `json:"templates"`
	App         json.RawMessage   `json:"app"`
	Context     map[string]string `json:"context"`
	ServiceType string            `json:"serviceType"`
	Recipient   string            `json:"recipient"`
}

// Condition is one entry of a trigger.
type Condition struct {
	When    string `json:"when"`
	OncePer string `json:"oncePer"`
}

// ConditionResult says whether a condition fired and its oncePer value; an error is what Argo CD logs.
type ConditionResult struct {
	Triggered bool   `json:"triggered"`
	OncePer   string `json:"oncePer"`
	Error     string `json:"error,omitempty"`
}

// NotifyResponse holds the op's results, or the first error and which input it came from.
type NotifyResponse struct {
	Conditions []ConditionResult `json:"conditions,omitempty"`
	Results    []string          `json:"results,omitempty"`
	Error      string            `json:"error,omitempty"`
	Index      int               `json:"index"`
}

var notificationFuncs = func() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	return f
}()

var timeExprs = map[string]any{
	"Parse": func(timestamp string) gotime.Time {
		res, err := gotime.Parse(gotime.RFC3339, timestamp)
		if err != nil {
			panic(err)
		}
		return res
	},
	"Now":         gotime.Now,
	"Nanosecond":  gotime.Nanosecond,
	"Microsecond": gotime.Microsecond,
	"Millisecond": gotime.Millisecond,
	"Second":      gotime.Second,
	"Minute":      gotime.Minute,
	"Hour":        gotime.Hour,
	"Layout":      gotime.Layout,
	"ANSIC":       gotime.ANSIC,
	"UnixDate":    gotime.UnixDate,
	"RubyDate":    gotime.RubyDate,
	"RFC822":      gotime.RFC822,
	"RFC822Z":     gotime.RFC822Z,
	"RFC850":      gotime.RFC850,
	"RFC1123":     gotime.RFC1123,
	"RFC1123Z":    gotime.RFC1123Z,
	"RFC3339":     gotime.RFC3339,
	"RFC3339Nano": gotime.RFC3339Nano,
	"Kitchen":     gotime.Kitchen,
	"Stamp":       gotime.Stamp,
	"StampMilli":  gotime.StampMilli,
	"StampMicro":  gotime.StampMicro,
	"StampNano":   gotime.StampNano,
}

var stringsExprs = map[string]any{
	"ReplaceAll": func(s, old, newV string) string { return strings.ReplaceAll(s, old, newV) },
	"ToUpper":    func(s string) string { return strings.ToUpper(s) },
	"ToLower":    func(s string) string { return strings.ToLower(s) },
}

var gitSuffix = regexp.MustCompile(`\.git$`)

func fullNameByRepoURL(rawURL string) string {
	parsed, err := giturls.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	path := gitSuffix.ReplaceAllString(parsed.Path, "")
	var parts []string
	for _, item := range strings.Split(path, "/") {
		if item != "" {
			parts = append(parts, item)
		}
	}
	if len(parts) >= 2 {
		return strings.Join(parts[:2], "/")
	}
	return path
}

func repoURLToHTTPS(rawURL string) string {
	parsed, err := giturls.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	parsed.Scheme = "https"
	parsed.User = nil
	return parsed.String()
}

// The desktop has no repo server to ask: GetCommitMetadata and GetAppDetails say so, as Argo CD's
// do when its repo server cannot answer (a panic, which fails the template or the condition).
var repoExprs = map[string]any{
	"RepoURLToHTTPS":    repoURLToHTTPS,
	"FullNameByRepoURL": fullNameByRepoURL,
	"QueryEscape":       url.QueryEscape,
	"GetCommitMetadata": func(string) any { panic("repo.GetCommitMetadata is not available in GitOps Desk") },
	"GetAppDetails":     func() any { panic("repo.GetAppDetails is not available in GitOps Desk") },
}

// decodeObject reads JSON as Kubernetes' unstructured does: whole numbers as int64, others float64.
func decodeObject(raw json.RawMessage) (map[string]any, error) {
	if len(raw) == 0 {
		return map[string]any{}, nil
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var obj map[string]any
	if err := decoder.Decode(&obj); err != nil {
		return nil, err
	}
	return convertNumbers(obj).(map[string]any), nil
}

func convertNumbers(v any) any {
	switch value := v.(type) {
	case map[string]any:
		for k, item := range value {
			value[k] = convertNumbers(item)
		}
		return value
	case []any:
		for i, item := range value {
			value[i] = convertNumbers(item)
		}
		return value
	case json.Number:
		if i, err := value.Int64(); err == nil {
			return i
		}
		f, _ := value.Float64()
		return f
	}
	return v
}

func notifyVars(req NotifyRequest, app map[string]any) map[string]any {
	context := map[string]string{"notificationType": req.ServiceType}
	for k, v := range req.Context {
		context[k] = v
	}
	return map[string]any{
		"app":     app,
		"context": context,
		"time":    timeExprs,
		"strings": stringsExprs,
		"repo":    repoExprs,
	}
}

// Compiled conditions and parsed templates, kept as Argo CD keeps them once its config is loaded
// (a config holds a few dozen; the caches are emptied past a bound, a config being untrusted).
const cacheBound = 2000

var programs = map[string]*vm.Program{}
var templates = map[string]*template.Template{}

// runExpr runs an expression; a panic (time.Parse of a bad time) is an error.
func runExpr(source string, vars map[string]any) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	program, ok := programs[source]
	if !ok {
		if program, err = expr.Compile(source); err != nil {
			return nil, err
		}
		if len(programs) >= cacheBound {
			programs = map[string]*vm.Program{}
		}
		programs[source] = program
	}
	return expr.Run(program, vars)
}

func parseTemplate(text string) (*template.Template, error) {
	if tmpl, ok := templates[text]; ok {
		return tmpl, nil
	}
	tmpl, err := template.New("").Funcs(notificationFuncs).Parse(text)
	if err != nil {
		return nil, err
	}
	if len(templates) >= cacheBound {
		templates = map[string]*template.Template{}
	}
	templates[text] = tmpl
	return tmpl, nil
}

// Notify runs one request.
func Notify(input []byte) NotifyResponse {
	var req NotifyRequest
	if err := json.Unmarshal(input, &req); err != nil {
		return NotifyResponse{Error: "bad request: " + err.Error(), Index: -1}
	}
	switch req.Op {
	case "compile":
		for i, source := range req.Expressions {
			if _, err := expr.Compile(source); err != nil {
				return NotifyResponse{Error: err.Error(), Index: i}
			}
		}
		return NotifyResponse{}
	case "evaluate":
		app, err := decodeObject(req.App)
		if err != nil {
			return NotifyResponse{Error: "bad app: " + err.Error(), Index: -1}
		}
		vars := notifyVars(req, app)
		results := make([]ConditionResult, 0, len(req.Conditions))
		for _, condition := range req.Conditions {
			when := condition.When
			if when == "" {
				when = "false"
			}
			var result ConditionResult
			value, err := runExpr(when, vars)
			if err != nil {
				result.Error = "failed to execute when condition: " + err.Error()
			} else if b, ok := value.(bool); ok && b {
				result.Triggered = true
				if condition.OncePer != "" {
					if once, err := runExpr(condition.OncePer, vars); err == nil {
						result.OncePer = fmt.Sprintf("%v", once)
					} else {
						result.Error = "failed to execute oncePer condition: " + err.Error()
					}
				}
			}
			results = append(results, result)
		}
		return NotifyResponse{Conditions: results}
	case "render":
		app, err := decodeObject(req.App)
		if err != nil {
			return NotifyResponse{Error: "bad app: " + err.Error(), Index: -1}
		}
		vars := notifyVars(req, app)
		vars["serviceType"] = req.ServiceType
		vars["recipient"] = req.Recipient
		results := make([]string, 0, len(req.Templates))
		for i, text := range req.Templates {
			tmpl, err := parseTemplate(text)
			if err != nil {
				return NotifyResponse{Error: err.Error(), Index: i}
			}
			var out bytes.Buffer
			if err := safeExecute(tmpl, &out, vars); err != nil {
				return NotifyResponse{Error: err.Error(), Index: i}
			}
			results = append(results, out.String())
		}
		return NotifyResponse{Results: results}
	}
	return NotifyResponse{Error: fmt.Sprintf("unknown op %q", req.Op), Index: -1}
}

func safeExecute(tmpl *template.Template, out *bytes.Buffer, vars map[string]any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return tmpl.Execute(out, vars)
}
