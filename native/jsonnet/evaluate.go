// Package main evaluates Jsonnet with go-jsonnet as Argo CD's repo server does (a VM per file,
// TLAs and ext vars, JPaths = the app's folder then the libs, EvaluateFile), compiled to
// WebAssembly for GitOps Desk. Every file it reads goes through a reader the host provides, which
// refuses anything outside the repository.
package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/google/go-jsonnet"
)

// Var is a TLA or an ext var: a string, or Jsonnet code when Code is set.
type Var struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Code  bool   `json:"code"`
}

// Request is one .jsonnet file to evaluate.
type Request struct {
	// Root is the repository's real path; File and JPaths are inside it.
	Root    string   `json:"root"`
	File    string   `json:"file"`
	JPaths  []string `json:"jpaths"`
	TLAs    []Var    `json:"tlas"`
	ExtVars []Var    `json:"extVars"`
}

// Response is the JSON text Jsonnet printed, or its error.
type Response struct {
	JSON  string `json:"json,omitempty"`
	Error string `json:"error,omitempty"`
}

// ReadResult is what the host's reader says of one candidate path.
type ReadResult struct {
	Content []byte
	// Missing: no such file (the importer tries the next library path, as FileImporter does).
	Missing bool
	// Refused: "outside" (the path is outside the repository) or "symlink" (it is inside, but a
	// symlink on it leads out).
	Refused string
	// Err: any other reason the file cannot be read (a folder, no permission).
	Err string
}

// Reader reads a candidate path for the importer.
type Reader func(path string) ReadResult

// Evaluate runs one request with the given reader.
func Evaluate(request Request, read Reader) Response {
	vm := jsonnet.MakeVM()
	for _, tla := range request.TLAs {
		if tla.Code {
			vm.TLACode(tla.Name, tla.Value)
		} else {
			vm.TLAVar(tla.Name, tla.Value)
		}
	}
	for _, ext := range request.ExtVars {
		if ext.Code {
			vm.ExtCode(ext.Name, ext.Value)
		} else {
			vm.ExtVar(ext.Name, ext.Value)
		}
	}
	vm.Importer(&repoImporter{root: request.Root, jpaths: request.JPaths, read: read, cache: map[string]*cached{}})
	out, err := vm.EvaluateFile(request.File)
	if err != nil {
		return Response{Error: err.Error()}
	}
	return Response{JSON: out}
}

type cached struct {
	exists   bool
	contents jsonnet.Contents
}

// repoImporter finds imports exactly as go-jsonnet's FileImporter does (the importing file's
// folder, then the JPaths from the last to the first, results cached by path), but reads each
// candidate through the host's reader, so a path outside the repository is refused rather than
// read, whether it is absolute, climbs out with "..", or is a symlink that leads out.
type repoImporter struct {
	root   string
	jpaths []string
	read   Reader
	cache  map[string]*cached
}

// refusal is a candidate the reader would not read, and why.
type refusal struct{ path, reason string }

func (r *refusal) Error() string { return r.reason }

func (im *repoImporter) try(dir, importedPath string) (bool, jsonnet.Contents, string, error) {
	abs := importedPath
	if !filepath.IsAbs(importedPath) {
		abs = filepath.Join(dir, importedPath)
	}
	if entry, ok := im.cache[abs]; ok {
		return entry.exists, entry.contents, abs, nil
	}
	result := im.read(abs)
	switch {
	case result.Refused != "":
		return false, jsonnet.Contents{}, abs, &refusal{path: abs, reason: result.Refused}
	case result.Err != "":
		return false, jsonnet.Contents{}, abs, errors.New(result.Err)
	case result.Missing:
		im.cache[abs] = &cached{}
		return false, jsonnet.Contents{}, abs, nil
	}
	entry := &cached{exists: true, contents: jsonnet.MakeContentsRaw(result.Content)}
	im.cache[abs] = entry
	return true, entry.contents, abs, nil
}

func (im *repoImporter) Import(importedFrom, importedPath string) (jsonnet.Contents, string, error) {
	dir, _ := filepath.Split(importedFrom)
	found, contents, at, err := im.try(dir, importedPath)
	for i := len(im.jpaths) - 1; err == nil && !found && i >= 0; i-- {
		found, contents, at, err = im.try(im.jpaths[i], importedPath)
	}
	var refused *refusal
	if errors.As(err, &refused) {
		why := "it leads outside the repository"
		if refused.reason == "symlink" {
			why = fmt.Sprintf("%s is a symlink that leads outside the repository", im.inRepo(refused.path))
		}
		if importedFrom == "" {
			return jsonnet.Contents{}, "", fmt.Errorf("%s is refused: %s", importedPath, why)
		}
		return jsonnet.Contents{}, "", fmt.Errorf("import %q in %s is refused: %s", importedPath, im.inRepo(importedFrom), why)
	}
	if err != nil {
		return jsonnet.Contents{}, "", fmt.Errorf("couldn't open import %q in %s: %s", importedPath, im.inRepo(importedFrom), err)
	}
	if !found {
		return jsonnet.Contents{}, "", fmt.Errorf("couldn't open import %#v: no match locally or in the Jsonnet library paths", importedPath)
	}
	return contents, at, nil
}

// inRepo names a path as the repository knows it ("apps/a.jsonnet"); one outside it as written.
func (im *repoImporter) inRepo(path string) string {
	if rel, err := filepath.Rel(im.root, path); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return path
}
