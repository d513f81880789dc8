//go:build tools

// Package argocd pins Argo CD's multi-call binary (github.com/argoproj/argo-cd/v3/cmd) in this
// module, so `go build` of it uses the versions in go.mod and go.sum.
package argocd

import _ "github.com/argoproj/argo-cd/v3/cmd"
