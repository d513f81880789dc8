// The New app form as an Argo CD Application: one builder for the engine (which stores it) and
// the renderer (which shows the form's YAML when the user switches to the YAML editor).

export interface AppFormValues {
  name: string
  project: string
  repoURL: string
  /** A folder of a Git repository, or (with chart) nothing. */
  path?: string | undefined
  /** A chart of a Helm chart repository; targetRevision is then its version or a constraint. */
  chart?: string | undefined
  targetRevision: string
  destinationName?: string | undefined
  destinationServer?: string | undefined
  namespace: string
  automated: boolean
  prune: boolean
  selfHeal: boolean
  createNamespace: boolean
}

/** The Application the form describes, as a plain object (Argo CD's field order). */
export function applicationOfForm(form: AppFormValues): { apiVersion: string; kind: string; metadata: { name: string }; spec: Record<string, unknown> } {
  const syncPolicy = {
    ...(form.automated ? { automated: { prune: form.prune, selfHeal: form.selfHeal } } : {}),
    ...(form.createNamespace ? { syncOptions: ['CreateNamespace=true'] } : {}),
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: form.name },
    spec: {
      project: form.project,
      source: { repoURL: form.repoURL, ...(form.chart ? { chart: form.chart } : form.path ? { path: form.path } : {}), targetRevision: form.targetRevision },
      destination: { ...(form.destinationName ? { name: form.destinationName } : { server: form.destinationServer }), ...(form.namespace ? { namespace: form.namespace } : {}) },
      syncPolicy,
    },
  }
}
