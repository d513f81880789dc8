//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"
)

// In WebAssembly: a global function the engine calls with a JSON request and gets a JSON
// response. Files are read only through gitopsDeskJsonnetRead, the host's checked reader (this
// module has no file system of its own: the worker leaves Go's fs as its "not implemented" stub).
func main() {
	js.Global().Set("gitopsDeskJsonnet", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var request Request
		if err := json.Unmarshal([]byte(args[0].String()), &request); err != nil {
			out, _ := json.Marshal(Response{Error: "bad request: " + err.Error()})
			return string(out)
		}
		out, _ := json.Marshal(Evaluate(request, hostRead))
		return string(out)
	}))
	select {}
}

func hostRead(path string) ReadResult {
	answer := js.Global().Call("gitopsDeskJsonnetRead", path)
	switch answer.Get("status").String() {
	case "missing":
		return ReadResult{Missing: true}
	case "outside", "symlink":
		return ReadResult{Refused: answer.Get("status").String()}
	case "error":
		return ReadResult{Err: answer.Get("message").String()}
	}
	bytes := answer.Get("content")
	content := make([]byte, bytes.Get("length").Int())
	js.CopyBytesToGo(content, bytes)
	return ReadResult{Content: content}
}
