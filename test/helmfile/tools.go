// helmfile, a real third-party config management plugin tool for the ground: built from its Go
// module through this wrapper, which repeats helmfile's own replace directives (go install of a
// module with replaces is refused).
//go:build tools

package tools

import _ "github.com/helmfile/helmfile"
