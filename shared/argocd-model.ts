/** Whether an app name is an Argo CD app's id (`argocd@CONTEXT/…`) rather than a local app's name (a Kubernetes name has no `@`). */
export const isArgoAppId = (name: string): boolean => name.startsWith('argocd@')

// Argo CD instances as backends (issue 36): what the UI sees of an Argo CD the kubeconfig reaches,
// read from its Applications as `argocd --core` reads them. Every status here is Argo CD's own
// verdict, copied from the Application's status, never computed by GitOps Desk.

/**
 * An Argo CD installation: a namespace of a context where Applications live (an `argocd-cm` was
 * found there, or Settings names it). Its id is `argocd@CONTEXT` in the default `argocd`
 * namespace, else `argocd@CONTEXT/NAMESPACE`.
 */
export interface ArgoInstance {
  id: string
  context: string
  namespace: string
  /** Found by its argocd-cm, or named in Settings (Argo CD instances). */
  from: 'discovered' | 'settings'
  /** Why its Applications cannot be read (forbidden, unreachable); null when they can. */
  problem: string | null
  apps: number
}

/** One resource of an Argo CD app, as its `status.resources` lists it. */
export interface ArgoResource {
  /** group/kind/namespace/name, the desk's resource key. */
  key: string
  group: string
  version: string
  kind: string
  namespace: string
  name: string
  status: string
  health?: string
  healthMessage?: string
  hook: boolean
  requiresPruning: boolean
}

/** `status.operationState`, as Argo CD's controller writes it while it runs an operation. */
export interface ArgoOperationState {
  phase: string
  message: string
  startedAt?: string
  finishedAt?: string
  initiatedBy: string
  automated: boolean
  retryCount: number
  /** The revision synced (or being synced). */
  revision: string
  /** Each resource's result (syncResult.resources). */
  results: { key: string; kind: string; name: string; namespace: string; status: string; message: string; hookPhase?: string; hookType?: string; syncPhase?: string }[]
}

/** One entry of `status.history` (a deployed revision), what Rollback takes by id. */
export interface ArgoHistoryEntry {
  id: number
  revision: string
  revisions?: string[]
  deployedAt: string
  deployStartedAt?: string
  initiatedBy: string
  /** repoURL and path or chart of what was deployed. */
  source: string
}

/** An Argo CD app in full: the list's summary fields and its details. */
export interface ArgoApp {
  /** `INSTANCE/NAME`, unique across local apps (a local app's name has no `@` or `/`). */
  id: string
  instance: string
  context: string
  namespace: string
  name: string
  project: string
  repoURL: string
  path: string
  targetRevision: string
  destination: { server?: string; name?: string; namespace?: string }
  sync: { status: string; revision: string }
  health: { status: string; message: string }
  /** An operation is written and not yet finished (the Application's `operation` field). */
  operationRequested: boolean
  operationState: ArgoOperationState | null
  conditions: { type: string; message: string; lastTransitionTime?: string }[]
  history: ArgoHistoryEntry[]
  resources: ArgoResource[]
  finalizers: string[]
  /** Argo CD is deleting it (deletionTimestamp). */
  deleting: boolean
  autoSync: boolean
  reconciledAt?: string
  /** The Application's spec as YAML, read-only. */
  specYaml: string
}

/** What "Manage locally" adds to the local apps (Argo CD's app is left as it is). */
export interface ArgoTakeOverPlan {
  id: string
  app: string
  project: string
  destination: string
  /** A local app of that name exists and would be replaced. */
  replaces: boolean
  /** The project is not stored here (the app is added with it only if Argo CD's is copied too). */
  projectCopied: boolean
  yaml: string
  notes: string[]
}

/**
 * An Argo CD app's diff, rendered here from the same source with the user's credentials (live
 * against target, as Argo CD compares), or why the target cannot be rendered here.
 */
export type ArgoAppDiff = { available: true; diff: import('./model').AppDiff } | { available: false; reason: string }

/** What an export to an Argo CD applies (`gitops-desk export argocd`); secrets are named, never shown. */
export interface ExportPlan {
  context: string
  namespace: string
  apps: { name: string; project: string; destination: string }[]
  projects: string[]
  secrets: { name: string; type: 'repository' | 'cluster'; for: string }[]
  warnings: string[]
  /** The context is protected: applying needs its name as consent (--yes on the command line). */
  protected: boolean
}

/** "Export to Argo CD" of one local app, previewed: what is written to which instance, before the user confirms. */
export interface ArgoExportPreview extends ExportPlan {
  /** The instance written to (argocd@CONTEXT or argocd@CONTEXT/NAMESPACE). */
  instance: string
  /** Argo CD already has an Application of that name there: it is replaced. */
  replaces: boolean
  /** The Application (and AppProject) as written, YAML; the Secrets are only named in `secrets`. */
  yaml: string
  /** Written (the user confirmed), or a preview only. */
  applied: boolean
}
