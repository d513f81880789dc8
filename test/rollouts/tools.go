//go:build tools

// Package rollouts pins Argo Rollouts' controller (github.com/argoproj/argo-rollouts/cmd/rollouts-controller)
// in this module, so `go build` of it uses the versions in go.mod and go.sum.
package rollouts

import _ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
