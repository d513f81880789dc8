//go:build !(js && wasm)

package main

import (
	"encoding/json"
	"io"
	"os"
)

// Natively: a JSON request on stdin, the JSON response on stdout (the tests' reference).
func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		os.Exit(2)
	}
	// `notify`: Argo CD's notification triggers and templates (notify.go) instead of a render.
	var out []byte
	if len(os.Args) > 1 && os.Args[1] == "notify" {
		out, _ = json.Marshal(Notify(input))
	} else {
		out, _ = json.Marshal(Render(input))
	}
	os.Stdout.Write(out)
}
