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
	out, _ := json.Marshal(Render(input))
	os.Stdout.Write(out)
}
