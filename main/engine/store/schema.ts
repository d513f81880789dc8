import { z } from 'zod'
import { Application, AppProject } from '../apps/schema'
import { ImportedCluster } from '../clusters/imported-cluster'
import { ApplicationSet } from '../appsets/schema'
import { ConfigManagementPlugin } from '../plugins/schema'
import { ResourceCustomizations } from '../customizations/schema'

// What the store file holds (schemaVersion 1), read strictly as Argo CD decodes its CRDs.
export const RepoEntry = z.object({
  url: z.string(),
  /** repository: one repo; template: Argo CD repo-creds, for every URL with this prefix. */
  scope: z.enum(['repository', 'template']).default('repository'),
  name: z.string().optional(),
  username: z.string().optional(),
  /** Whether a password/token or an SSH key is in the keychain; the secret itself never is here. */
  hasPassword: z.boolean().default(false),
  hasSshKey: z.boolean().default(false),
  insecure: z.boolean().default(false),
  /** PEM of a CA to trust for this HTTPS server (a private or self-signed one); not a secret. */
  caData: z.string().optional(),
  /** git, or helm: a chart repository (index.yaml) or, with enableOCI, an OCI registry. */
  type: z.enum(['git', 'helm']).default('git'),
  enableOCI: z.boolean().default(false),
})
export type RepoEntry = z.infer<typeof RepoEntry>

const SettingsFields = z.object({
  reconcileIntervalSeconds: z.number().int().min(10).default(120),
  helmPath: z.string().optional(),
  kustomizePath: z.string().optional(),
  /** Argo CD's `kustomize.buildOptions` (argocd-cm), e.g. `--enable-helm` for helmCharts. */
  kustomizeBuildOptions: z.string().optional(),
  /** Health checks in Lua by `group/Kind` (Argo CD's resource.customizations.health). */
  healthScripts: z.record(z.string(), z.string()).default({}),
  /** The kinds whose health script may use string and math (Argo CD's useOpenLibs). */
  healthOpenLibs: z.array(z.string()).default([]),
  /** Argo CD's other resource customizations (argocd-cm): diff rules, Lua actions, exclusions. */
  customizations: ResourceCustomizations.default(ResourceCustomizations.parse({})),
  trackingMethod: z.enum(['annotation', 'label', 'annotation+label']).default('annotation'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** The kubeconfig context `https://kubernetes.default.svc` destinations go to. */
  activeContext: z.string().optional(),
  /**
   * How long any helm, kustomize, Jsonnet or plugin command may run before it is stopped (Argo
   * CD's exec timeout, ARGOCD_EXEC_TIMEOUT, 90 s by default).
   */
  execTimeoutSeconds: z.number().int().min(1).max(3600).default(90),
  /**
   * How much resident memory a helm, kustomize or plugin command may hold, with all it started,
   * before its process group is killed (Linux only). Argo CD has no such limit of its own: its
   * repo server runs in a pod whose memory limit ends a runaway render. 2 GiB is well above what
   * a large chart (helm holds a few hundred MiB) or a kustomize build with helmCharts needs, and
   * low enough that a template loop cannot take a laptop's memory.
   */
  toolMemoryLimitMiB: z.number().int().min(64).max(65_536).default(2048),
  /** The names of each plugin's secrets (the values are in the keychain only). */
  pluginSecrets: z.record(z.string(), z.array(z.string())).default({}),
  /** Labels of clusters by context name (the ApplicationSet clusters generator selects by them). */
  clusterLabels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  /** Contexts where a sync needs an explicit confirmation (production clusters). */
  protectedContexts: z.array(z.string()).default([]),
  /** Desktop notifications on or off, and the apps whose notifications are muted. */
  notifications: z.boolean().default(true),
  mutedApps: z.array(z.string()).default([]),
  /**
   * App-of-apps: child Applications are registered in GitOps Desk (false), or applied to the
   * cluster as objects for the Argo CD running there (true).
   */
  applyChildApps: z.boolean().default(false),
  /** How many operations run at once; more wait in a queue, in order (Argo CD's operation processors, 10). */
  maxRunningOperations: z.number().int().min(1).max(1000).default(10),
})

/**
 * Settings as stored. Older stores load unchanged: `pluginTimeoutSeconds` (the plugin-only limit
 * before there was one exec timeout) becomes `execTimeoutSeconds`; `jsonnetPath` (before Jsonnet
 * ran built in) and other unknown keys are dropped.
 */
export const Settings = z.preprocess((raw) => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw
  const { pluginTimeoutSeconds, ...rest } = raw as Record<string, unknown>
  return rest.execTimeoutSeconds === undefined && pluginTimeoutSeconds !== undefined ? { ...rest, execTimeoutSeconds: pluginTimeoutSeconds } : rest
}, SettingsFields)

export const HistoryEntry = z.object({
  app: z.string(),
  id: z.number().int(),
  /** Commits synced, one per source. */
  revisions: z.array(z.string()),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** The OS user who ran the sync. */
  user: z.string(),
  context: z.string(),
  /** The app's managedNamespaceMetadata at this sync (a change since makes the app OutOfSync). */
  managedNamespaceMetadata: z.object({ labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
  /** Who started the sync: a person in the app, the command line, or auto-sync. */
  initiator: z.enum(['user', 'cli', 'auto-sync']).optional(),
  /** A partial sync: the selected resources only, or the out-of-sync ones only (ApplyOutOfSyncOnly). */
  partial: z.enum(['selected', 'out-of-sync-only']).optional(),
  message: z.string().optional(),
  /** A sync whose process stopped while it ran (its operation's id), with the keys it had applied by then. */
  interrupted: z.object({ operation: z.string(), applied: z.array(z.string()) }).optional(),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** Something done to an app's resources besides a sync (a resource action), as Argo CD records events. */
export const AppEvent = z.object({
  app: z.string(),
  at: z.string(),
  /** The OS user who did it. */
  user: z.string(),
  context: z.string(),
  resource: z.string(),
  action: z.string(),
  message: z.string(),
})
export type AppEvent = z.infer<typeof AppEvent>

/** A sync that is running, written before it starts and removed when it ends (a crash leaves it). */
export const RunningOperation = z.object({
  app: z.string(),
  context: z.string(),
  startedAt: z.string(),
  pid: z.number().int(),
})
export type RunningOperation = z.infer<typeof RunningOperation>

/**
 * A deletion that has started (Argo CD's deletionTimestamp): no operation starts for the app while
 * it is here. The consents it was given are kept so a retry does what the user asked, no more.
 */
export const DeletionRecord = z.object({
  app: z.string(),
  cascade: z.enum(['foreground', 'background']),
  context: z.string(),
  startedAt: z.string(),
  phase: z.enum(['Deleting', 'Failed']),
  error: z.string().optional(),
  consent: z.object({ resources: z.boolean().optional(), context: z.string().optional(), deletes: z.boolean().optional() }).default({}),
  pid: z.number().int(),
})
export type DeletionRecord = z.infer<typeof DeletionRecord>

/** The store's format; a file with a higher number is a newer version's, left untouched. */
export const storeSchemaVersion = 1

export const StoreData = z.object({
  schemaVersion: z.literal(storeSchemaVersion).default(storeSchemaVersion),
  apps: z.array(Application).default([]),
  projects: z.array(AppProject).default([]),
  repositories: z.array(RepoEntry).default([]),
  clusters: z.array(ImportedCluster).default([]),
  history: z.array(HistoryEntry).default([]),
  operations: z.array(RunningOperation).default([]),
  events: z.array(AppEvent).default([]),
  deletions: z.array(DeletionRecord).default([]),
  /** The context an in-cluster app's auto-sync was enabled on, until its first sync (then its last sync's context). */
  autoSyncContexts: z.record(z.string(), z.string()).default({}),
  /** Apps whose auto-sync waits for a sync by hand, and why (a cancelled deletion must not re-deploy what it deleted). */
  autoSyncPaused: z.record(z.string(), z.string()).default({}),
  appsets: z.array(ApplicationSet).default([]),
  plugins: z.array(ConfigManagementPlugin).default([]),
  settings: Settings.default(Settings.parse({})),
})
export type StoreData = z.infer<typeof StoreData>
