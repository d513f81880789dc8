import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

export const clusterModuleDir = resolve(import.meta.dirname, '../cluster')
/** helmfile v1.8.0, built through a wrapper module that repeats its replace directives. */
export const helmfileModuleDir = resolve(import.meta.dirname, '../helmfile')

/** The Kubernetes release is pinned in one place: test/cluster/go.mod. */
export function kubernetesVersion(): string {
  const goMod = readFileSync(resolve(clusterModuleDir, 'go.mod'), 'utf8')
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes (v\d+\.\d+\.\d+)\s*$/m.exec(goMod)
  if (!match?.[1]) throw new Error('test/cluster/go.mod must require k8s.io/kubernetes at a release version')
  return match[1]
}

/** Tools installed with `go install` (their tagged go.mod files have no replace directives). */
export const goTools = [
  { name: 'kwok', module: 'sigs.k8s.io/kwok/cmd/kwok', version: 'v0.8.0' },
  { name: 'helm', module: 'helm.sh/helm/v3/cmd/helm', version: 'v3.22.0' },
  // v5.8.3 needs Go 1.27; v5.8.2 is the newest that builds with this machine's Go 1.26.
  { name: 'kustomize', module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.8.2' },
  // CNCF distribution: a real OCI registry for Helm charts.
  { name: 'registry', module: 'github.com/distribution/distribution/v3/cmd/registry', version: 'v3.1.2' },
  // go-jsonnet's command, for directory sources with .jsonnet files.
  { name: 'jsonnet', module: 'github.com/google/go-jsonnet/cmd/jsonnet', version: 'v0.22.0' },
] as const

/** Names the multi-call `ground` binary answers to (symlinks in the bin folder). */
export const groundComponents = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'] as const
