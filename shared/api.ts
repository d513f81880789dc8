import { z } from 'zod'
import { method, tooLargeParams, type ClientOf, type HandlersOf } from './contract'
import { maxUserTextBytes, tooLargeMessage, utf8Bytes } from './limits'
import { nameProblem } from './names'
import { compareModes, customizationTypes, propagationPolicies, repoScopes, repoTypes, themes, trackingMethods } from './statuses'
import { CompareSide, DeleteIntent, resourceKeyArg, SyncConsent, SyncIntent } from './schemas'
import type { Cascade, ArgoApp, ArgoAppDiff, ArgoExportPreview, ArgoInstance, ArgoTakeOverPlan, PortForwardInfo, ShellSession, BundledCustomization, KubeEvent, PodContainers, ResourceDetails, AppDeletion, DeletionState, AppEvent, AppSetPlan, AppSetSummary, PluginInfo, ResourceAction, TreeNode, AppDiff, AppStatus, AppSummary, ClusterInfo, DeskEvent, HistoryEntry, Operation, ProjectInfo, RepoInfo, SyncWindowTimeline, AppSyncWindows, ResourceDiff, Settings, WorkingCopyState, LiveEditResult, SidesComparison, NotificationsView } from './model'

export type * from './model'

export const VersionInfo = z.object({
  /** GitOps Desk's own version (package.json). */
  app: z.string(),
  /** The Node.js version of the process that hosts the engine. */
  node: z.string(),
  /** Electron's version, or null when the engine runs outside Electron (CLI, web harness). */
  electron: z.string().nullable(),
  platform: z.string(),
})
export type VersionInfo = z.infer<typeof VersionInfo>

const name = z.string().min(1).max(253)
/** A text the user gives (YAML, a kubeconfig): at most the one limit, else "too large" with the size. */
/** A YAML text a user gives; over the limit, the error names it (`what`: the editor or field it came from). */
const yamlText = (what: string) => z.string().refine((text) => utf8Bytes(text) <= maxUserTextBytes, { error: (issue) => tooLargeMessage(what, utf8Bytes(String(issue.input))), params: tooLargeParams })
const result = <T>() => z.custom<T>(() => true)

// The intents of a sync and a deletion are the model's own (schemas.ts).
export { CompareSide, DeleteIntent, SyncConsent, SyncIntent }

export const AppForm = z
  .object({
    name: z.string().superRefine((value, ctx) => {
      const problem = nameProblem(value)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
    project: name.default('default'),
    repoURL: z.string().min(1).max(2000),
    path: z.string().max(1000).default(''),
    /** A chart of a Helm chart repository (then targetRevision is its version or a constraint). */
    chart: z.string().max(253).optional(),
    targetRevision: z.string().max(200).default('HEAD'),
    destinationName: z.string().max(253).optional(),
    destinationServer: z.string().max(2000).optional(),
    namespace: z.string().max(63).default(''),
    automated: z.boolean().default(false),
    prune: z.boolean().default(false),
    selfHeal: z.boolean().default(false),
    createNamespace: z.boolean().default(false),
  })
  .strict()
  .refine((f) => Boolean(f.destinationName) !== Boolean(f.destinationServer), { message: 'give a destination cluster name or a server URL', path: ['destinationName'] })

/** A write-only secret field: a string sets or replaces it, null deletes it, absent keeps it. */
const secretField = z.string().min(1).max(100_000).nullable().optional()

export const RepoForm = z
  .object({
    url: z.string().min(1).max(2000),
    scope: z.enum(repoScopes).default('repository'),
    username: z.string().max(256).optional(),
    password: secretField,
    sshPrivateKey: secretField,
    insecure: z.boolean().default(false),
    caData: z.string().max(100_000).optional(),
    type: z.enum(repoTypes).default('git'),
    enableOCI: z.boolean().default(false),
  })
  .strict()

export const ClusterImport = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('kubeconfig'), text: yamlText('The kubeconfig'), context: name, name: name.optional() }).strict(),
  z.object({ kind: z.literal('argo-secret'), text: yamlText('The Argo CD cluster Secret') }).strict(),
])

export const SettingsPatch = z
  .object({
    reconcileIntervalSeconds: z.number().int().min(10).max(86_400),
    helmPath: z.string().max(1000).nullable(),
    kustomizePath: z.string().max(1000).nullable(),
    execTimeoutSeconds: z.number().int().min(1).max(3600),
    toolMemoryLimitMiB: z.number().int().min(64).max(65_536),
    kustomizeBuildOptions: z.string().max(1000).nullable(),
    trackingMethod: z.enum(trackingMethods),
    theme: z.enum(themes),
    notifications: z.boolean(),
    mutedApps: z.array(name).max(10_000),
    applyChildApps: z.boolean(),
    maxRunningOperations: z.number().int().min(1).max(1000),
    argocdNamespaces: z.record(name, z.array(z.string().min(1).max(63)).max(100)),
  })
  .partial()
  .strict()

const customizationType = z.enum(customizationTypes)
/** An Argo CD app: argocd@CONTEXT/APP, or argocd@CONTEXT/NAMESPACE/APP. */
const argoId = z.string().regex(/^argocd@[^/]+(\/[^/]+){1,2}$/, 'an Argo CD app is argocd@CONTEXT/APP or argocd@CONTEXT/NAMESPACE/APP').max(600)
/** An Argo CD instance: argocd@CONTEXT, or argocd@CONTEXT/NAMESPACE. */
const argoInstanceId = z.string().regex(/^argocd@[^/]+(\/[^/]+)?$/, 'an Argo CD instance is argocd@CONTEXT or argocd@CONTEXT/NAMESPACE').max(400)
/** A local app's name, or an Argo CD app's id (the resource panel reads both the same way). */
const appOrArgoId = z.union([name, argoId])
const sessionId = z.string().min(1).max(100)
const terminalSize = z.number().int().min(1).max(1000)
const portNumber = z.number().int().min(1).max(65_535)
/** The most text one shellInput carries (a paste larger than this is sent in pieces). */
export const maxShellInputChars = 64 * 1024

/** The one contract between the UI and the main process. Events arrive through onEvents(). */
export const apiContract = {
  version: method(z.tuple([]), VersionInfo, 'Versions of the app and the process hosting the engine'),
  ping: method(
    z.tuple([z.string().max(1024).optional()]),
    z.object({ pong: z.string(), at: z.string() }),
    'Round trip through the transport: echoes the text with the main side’s time',
  ),
  listApps: method(z.tuple([]), result<AppSummary[]>(), 'Every app with its last known sync and health'),
  getApp: method(z.tuple([name]), result<{ yaml: string; summary: AppSummary; status: AppStatus | null; history: HistoryEntry[]; events: AppEvent[]; operation: Operation | null; deletion: DeletionState | null }>(), 'One app: its YAML, status with resources and conditions, history, its running or last operation, and its deletion if one has started'),
  saveAppYaml: method(z.tuple([yamlText('The Application YAML')]), result<{ apps: string[]; projects: string[] }>(), 'Creates or replaces the Applications and AppProjects in a YAML text'),
  saveAppForm: method(z.tuple([AppForm]), result<{ apps: string[] }>(), 'Creates or replaces an Application from the form'),
  setSyncPolicy: method(z.tuple([name, z.object({ automated: z.boolean(), prune: z.boolean(), selfHeal: z.boolean() }).strict(), SyncConsent.optional()]), result<{ summary: AppSummary }>(), "Changes only the app's automated sync policy (auto-sync, prune, self-heal); turning auto-sync on to a protected context needs its name typed"),
  deleteApp: method(z.tuple([name, DeleteIntent.optional()]), result<AppDeletion>(), 'Deletes an app; with a cascade (its resources finalizer, or asked for) its resources first, given the consents'),
  retryDeletion: method(z.tuple([name]), result<AppDeletion>(), 'Runs a deletion that could not finish (a DeletionError) again, with the consents it was started with'),
  cancelDeletion: method(z.tuple([name]), result<{ cancelled: boolean }>(), 'Gives up a deletion: the app stays with what is left of its resources, and operations may start again'),
  refreshApp: method(z.tuple([name, z.object({ hard: z.boolean().optional() }).strict().optional()]), result<AppStatus | null>(), 'Compares an app now; hard re-renders from Git'),
  diffApp: method(z.tuple([name, z.object({ mode: z.enum(compareModes).optional() }).strict().optional()]), result<AppDiff>(), 'Live and target YAML of every resource, with a unified diff'),
  compareApps: method(z.tuple([CompareSide, CompareSide]), result<SidesComparison>(), 'Side by side: two of {an app rendered at its targetRevision or another revision, an app live} compared resource by resource (the same app on two clusters, two revisions…); reads only'),
  diffResource: method(z.tuple([appOrArgoId, resourceKeyArg]), result<ResourceDiff>(), 'One resource’s live and target YAML and diff'),
  resourceTree: method(z.tuple([name]), result<TreeNode[]>(), 'The app’s resources and what they own (Deployment → ReplicaSet → Pod)'),
  resourceDetails: method(z.tuple([appOrArgoId, resourceKeyArg]), result<ResourceDetails>(), "One of the app's resources or what they own: summary, live and desired manifests, its pods and containers"),
  resourceEvents: method(z.tuple([appOrArgoId, resourceKeyArg]), result<KubeEvent[]>(), "The Kubernetes Events of a resource and of what it owns, newest first; later changes are announced as kube-events events"),
  streamLogs: method(z.tuple([appOrArgoId, resourceKeyArg, z.object({ container: z.string().max(253).optional(), previous: z.boolean().optional(), follow: z.boolean().optional(), tailLines: z.number().int().min(0).max(100_000).optional() }).strict().optional()]), result<{ stream: string; pods: PodContainers[] }>(), 'Starts streaming the logs of a Pod, or of the pods a workload owns (each line named by pod and container); lines arrive as logs events until stopLogs'),
  stopLogs: method(z.tuple([z.string().min(1).max(100)]), result<{ stopped: boolean }>(), 'Stops a log stream'),
  // Reaching into pods: a shell (exec) and port-forwards, only to pods of the app's tree.
  openShell: method(z.tuple([name, resourceKeyArg, z.object({ container: z.string().max(253).optional(), command: z.array(z.string().max(4096)).max(100).optional(), tty: z.boolean().optional(), cols: terminalSize.optional(), rows: terminalSize.optional(), consent: z.object({ context: z.string().max(253).optional() }).strict().optional() }).strict().optional()]), result<ShellSession>(), "Opens a shell in a container of one of the app's Pods (the API server's exec subresource); output arrives as shell-output events, the end as shell-end; a protected context needs its name typed"),
  shellInput: method(z.tuple([sessionId, z.string().min(1).max(maxShellInputChars)]), result<{ written: boolean }>(), 'Sends typed or pasted text to an open shell'),
  resizeShell: method(z.tuple([sessionId, terminalSize, terminalSize]), result<{ resized: boolean }>(), "Tells an open shell its terminal's columns and rows"),
  closeShell: method(z.tuple([sessionId]), result<{ closed: boolean }>(), 'Closes an open shell'),
  startPortForward: method(z.tuple([name, resourceKeyArg, z.object({ remotePort: z.union([portNumber, z.string().min(1).max(15)]), localPort: portNumber.optional() }).strict()]), result<PortForwardInfo>(), "Forwards a local port on 127.0.0.1 (a free one unless given) to a port of one of the app's Pods, or of a Service through one of its running pods"),
  listPortForwards: method(z.tuple([]), result<PortForwardInfo[]>(), 'The running port-forwards; changes arrive as port-forwards events'),
  stopPortForward: method(z.tuple([sessionId]), result<{ stopped: boolean }>(), 'Stops a port-forward: it listens no more and its connections are closed'),
  resourceActions: method(z.tuple([appOrArgoId, resourceKeyArg]), result<ResourceAction[]>(), 'The actions a live resource of the app offers (restart, pause/resume, suspend/resume)'),
  runResourceAction: method(z.tuple([appOrArgoId, resourceKeyArg, z.string().min(1).max(100), z.object({ dryRun: z.boolean().optional(), consent: z.object({ context: z.string().max(253).optional() }).strict().optional(), params: z.record(z.string().max(100), z.string().max(1000)).optional() }).strict().optional()]), result<{ message: string }>(), "Runs an action on a live resource of the app (with its parameters, e.g. scale's replicas): a dry run first, the typed context name on a protected context"),
  editableResource: method(z.tuple([name, resourceKeyArg]), result<{ yaml: string; context: string }>(), "One of the app's live objects as the live editor opens it (no managedFields, no status)"),
  editResource: method(z.tuple([name, resourceKeyArg, yamlText('The live object YAML'), z.object({ dryRun: z.boolean().optional(), consent: z.object({ context: z.string().max(253).optional() }).strict().optional() }).strict().optional()]), result<LiveEditResult>(), "Edits one of the app's live objects: a server-side apply of the changed fields with its own field manager (gitops-desk-edit); a dry run first shows what changes, a protected context needs its name typed; the app then shows the drift"),
  deleteResource: method(z.tuple([name, resourceKeyArg, z.object({ propagation: z.enum(propagationPolicies).optional(), consent: z.object({ context: z.string().max(253).optional() }).strict().optional() }).strict().optional()]), result<{ message: string }>(), "Deletes one of the app's live resources (foreground, background or orphan); a protected context needs its name typed"),
  syncApp: method(z.tuple([name, SyncIntent.optional()]), result<Operation>(), 'Starts a sync and returns at once with the operation; progress and the end arrive as operation events'),
  useWorkingCopy: method(z.tuple([name, z.string().min(1).max(4096)]), result<WorkingCopyState>(), "Points an app at a local checkout of its repository (refused when its origin is another repository or a symlink leads out): the folder is watched and its diff against live arrives as working-copy events as the user edits"),
  pickFolder: method(z.tuple([z.string().max(200)]), result<{ path: string | null; available: boolean }>(), "Asks for a folder with the desktop's own dialog (titled as given); path null when cancelled; not available in the web harness (type the path instead)"),
  workingCopy: method(z.tuple([name]), result<WorkingCopyState | null>(), "The app's working copy in use (diff, changed files, render error), or null when it compares with Git"),
  releaseWorkingCopy: method(z.tuple([name]), result<{ released: boolean }>(), 'Stops using the working copy: the app compares with Git again'),
  syncWorkingCopy: method(z.tuple([name, SyncIntent.optional()]), result<Operation>(), 'Deploys the working copy as it is now (needs the "deploy uncommitted changes" consent, and on a protected context its typed name); History records local:<dirty digest> with the files'),
  getOperation: method(z.tuple([name]), result<Operation | null>(), 'The running operation of an app, or its last one'),
  terminateOperation: method(z.tuple([name]), result<{ terminated: boolean }>(), 'Stops the running operation of an app'),
  appHistory: method(z.tuple([name]), result<HistoryEntry[]>(), 'Successful syncs of an app'),
  rollbackApp: method(z.tuple([name, z.number().int().min(1), SyncConsent.optional()]), result<Operation>(), 'Starts a sync of a history entry’s revisions, without hooks; returns at once like syncApp'),
  listClusters: method(z.tuple([]), result<ClusterInfo[]>(), 'Contexts and imported clusters with reachability'),
  useCluster: method(z.tuple([name]), result<{ active: string }>(), 'Switches the active context'),
  protectCluster: method(z.tuple([name, z.boolean()]), result<{ protected: string[] }>(), 'Marks a context protected (syncs need the typed name) or not'),
  importCluster: method(z.tuple([ClusterImport]), result<{ imported: string[] }>(), 'Imports a cluster from kubeconfig text or an Argo CD cluster Secret'),
  removeCluster: method(z.tuple([name]), result<{ removed: boolean }>(), 'Removes an imported cluster and its keychain secrets'),
  listRepos: method(z.tuple([]), result<RepoInfo[]>(), 'Repositories with credentials (secrets only as "is set")'),
  saveRepo: method(z.tuple([RepoForm]), result<RepoInfo>(), 'Adds or updates a repository; secret fields are write-only'),
  removeRepo: method(z.tuple([z.string().min(1).max(2000)]), result<{ removed: boolean }>(), 'Removes a repository and its keychain secrets'),
  helmCharts: method(z.tuple([z.string().min(1).max(2000)]), result<{ name: string; versions: string[] }[]>(), 'The charts of a Helm chart repository and their versions, newest first (from its index)'),
  testRepo: method(z.tuple([z.string().min(1).max(2000)]), result<{ ok: boolean; message: string; commit?: string }>(), 'Tries to reach a repository with its credentials'),
  listProjects: method(z.tuple([]), result<ProjectInfo[]>(), 'AppProjects'),
  deleteProject: method(z.tuple([name]), result<{ deleted: boolean }>(), 'Removes an AppProject'),
  appSyncWindows: method(z.tuple([name]), result<AppSyncWindows>(), "Whether the app's project's sync windows block a manual or an automated sync now, and why"),
  getProject: method(z.tuple([name]), result<{ yaml: string; apps: string[] }>(), 'One AppProject as YAML (saved with saveAppYaml), and the apps that use it'),
  projectWindows: method(z.tuple([name, z.object({ hours: z.number().int().min(1).max(744).optional() }).strict().optional()]), result<SyncWindowTimeline>(), "An AppProject's sync windows around now, over the next hours (24 unless given) and an eighth of that before, each with the ranges it is active in"),
  getSettings: method(z.tuple([]), result<Settings>(), 'Settings'),
  updateSettings: method(z.tuple([SettingsPatch]), result<Settings>(), 'Changes some settings (validated, written at once)'),
  listPlugins: method(z.tuple([]), result<PluginInfo[]>(), 'Config management plugins: discovery, parameters, secret names, the apps that use each'),
  addPlugins: method(z.tuple([yamlText('The plugin.yaml')]), result<{ added: string[] }>(), "Registers the ConfigManagementPlugins of a plugin.yaml (Argo CD's sidecar format)"),
  removePlugin: method(z.tuple([name]), result<{ removed: true }>(), 'Removes a plugin no app uses, and its secrets from the keychain'),
  setPluginSecret: method(z.tuple([name, z.string().min(1).max(200), z.string().min(1).max(100_000)]), result<{ stored: true }>(), "Stores a plugin's secret (an environment variable for it) in the keychain; write-only"),
  pluginParameters: method(z.tuple([name]), result<{ plugin: string; parameters: { name: string; title?: string; tooltip?: string; required?: boolean; itemType?: string; collectionType?: string; string?: string; array?: string[]; map?: Record<string, string> }[] }>(), "The parameters an app's plugin announces (static and dynamic), as the app editor shows them"),
  removePluginSecret: method(z.tuple([name, z.string().min(1).max(200)]), result<{ removed: boolean }>(), "Removes a plugin's secret from the keychain"),
  listAppSets: method(z.tuple([]), result<AppSetSummary[]>(), 'ApplicationSets: generators, policy, the apps each owns, its last generation (an error, held deletes)'),
  getAppSet: method(z.tuple([name]), result<{ yaml: string; summary: AppSetSummary }>(), 'One ApplicationSet as YAML, with its summary'),
  previewAppSet: method(z.tuple([yamlText('The ApplicationSet YAML')]), result<AppSetPlan[]>(), 'What the ApplicationSets of a YAML text would create, change (with the diff) and delete; stores and changes nothing'),
  saveAppSet: method(z.tuple([yamlText('The ApplicationSet YAML'), z.object({ consent: z.object({ resources: z.boolean().optional() }).strict().optional() }).strict().optional()]), result<(AppSetPlan & { deleted: string[]; held: { name: string; reason: string }[] })[]>(), 'Stores ApplicationSets and applies them: creates and updates at once; deleting resources of apps no longer generated needs consent'),
  deleteAppSet: method(z.tuple([name, z.object({ keepApps: z.boolean().optional(), consent: z.object({ resources: z.boolean().optional() }).strict().optional() }).strict().optional()]), result<{ deleted: string[]; kept: string[] }>(), 'Removes an ApplicationSet; its apps are deleted (resources with consent, by their finalizer) or kept as ordinary apps'),
  labelCluster: method(z.tuple([name, z.record(z.string().min(1).max(317), z.string().max(63)), z.array(z.string().max(317)).max(100)]), result<Record<string, string>>(), 'Sets and removes labels of a context, which the ApplicationSet clusters generator selects by'),
  // Argo CD instances as backends (argocd --core): apps are named INSTANCE/NAME (argocd@ground-1/guestbook).
  listArgoInstances: method(z.tuple([z.object({ again: z.boolean().optional() }).strict().optional()]), result<ArgoInstance[]>(), "The Argo CD instances the kubeconfig reaches (namespaces with an argocd-cm, and those Settings names per context), each with its app count or why its Applications cannot be read"),
  listArgoApps: method(z.tuple([]), result<AppSummary[]>(), "Every Argo CD instance's apps as rows of the app list (named INSTANCE/NAME, marked with the instance), with Argo CD's own sync and health; changes arrive as argocd-app events"),
  getArgoApp: method(z.tuple([argoId]), result<ArgoApp>(), "One Argo CD app as Argo CD's status says: sync, health, operation state, conditions, history, resources"),
  argoAppTree: method(z.tuple([argoId]), result<TreeNode[]>(), "An Argo CD app's resources (its status.resources) and what they own, from the live cache; health as Argo CD judged it"),
  diffArgoApp: method(z.tuple([argoId]), result<ArgoAppDiff>(), "An Argo CD app's live-versus-target diff rendered here from the same source with the user's credentials, or why the target is unavailable locally"),
  syncArgoApp: method(z.tuple([argoId, SyncIntent.optional()]), result<ArgoApp>(), "Starts a sync as argocd app sync --core: writes the Application's operation (options, resources, initiatedBy the kubeconfig user); Argo CD's controller runs it; a protected context needs its name typed"),
  refreshArgoApp: method(z.tuple([argoId, z.object({ hard: z.boolean().optional() }).strict().optional()]), result<ArgoApp>(), 'Asks Argo CD to compare the app again (the refresh annotation, normal or hard)'),
  terminateArgoOperation: method(z.tuple([argoId]), result<ArgoApp>(), "Terminates the app's running operation (operationState.phase Terminating, as Argo CD's API server does)"),
  rollbackArgoApp: method(z.tuple([argoId, z.number().int().min(0), z.object({ prune: z.boolean().optional(), dryRun: z.boolean().optional(), consent: SyncConsent.optional() }).strict().optional()]), result<ArgoApp>(), 'Rolls back to a history id (a sync of that entry without hooks), as argocd app rollback; refused while auto-sync is on'),
  deleteArgoApp: method(z.tuple([argoId, DeleteIntent.optional()]), result<{ cascade: Cascade }>(), "Deletes an Argo CD app as argocd app delete: a cascade sets Argo CD's resources finalizer (its controller deletes the resources), none removes it; consents as for local apps"),
  manageArgoAppLocally: method(z.tuple([argoId, z.object({ apply: z.boolean().optional() }).strict().optional()]), result<ArgoTakeOverPlan>(), "Manage locally: previews (or, with apply, stores) a copy of an Argo CD app among the local apps; Argo CD's app is left untouched"),
  exportAppToArgo: method(z.tuple([name, argoInstanceId, z.object({ apply: z.boolean().optional(), consent: z.object({ context: z.string().max(253).optional() }).strict().optional() }).strict().optional()]), result<ArgoExportPreview>(), "Export to Argo CD: previews (or, with apply, writes) one local app handed over to an Argo CD instance as export argocd does: its Application and project YAML, the credential Secrets it needs (named, never shown); a protected context needs its name typed"),
  notifications: method(z.tuple([]), result<NotificationsView>(), "Argo CD's notifications in force: services, triggers (those the desktop gets), the secret's keys, failed deliveries"),
  importNotifications: method(z.tuple([yamlText('The argocd-notifications-cm YAML').min(1), yamlText('The argocd-notifications-secret YAML').optional()]), result<NotificationsView>(), 'Takes argocd-notifications-cm (and argocd-notifications-secret, into the keychain) from YAML; anything unknown or wrong is refused and nothing kept'),
  importNotificationsFrom: method(z.tuple([name, name.optional()]), result<NotificationsView>(), "Takes argocd-notifications-cm and its Secret from a running Argo CD (context, namespace 'argocd' by default)"),
  resetNotifications: method(z.tuple([]), result<NotificationsView>(), "Back to Argo CD's catalog: the imported config and its secrets go"),
  retryNotification: method(z.tuple([z.string().min(1).max(64)]), result<NotificationsView>(), 'Tries a failed notification delivery again now'),
  dismissNotification: method(z.tuple([z.string().min(1).max(64)]), result<NotificationsView>(), 'Forgets a failed notification delivery'),
  importArgoSettings: method(z.tuple([yamlText('The argocd-cm YAML').min(1)]), result<{ read: string[]; skipped: { key: string; reason: string }[] }>(), "Takes Argo CD settings from an argocd-cm's YAML (resource customizations, exclusions, compare options…); every app is compared again"),
  bundledCustomizations: method(z.tuple([]), result<{ version: string; kinds: BundledCustomization[] }>(), "The kinds Argo CD ships health checks and actions for (its resource_customizations at the version bundled), which GitOps Desk uses"),
  customizationYaml: method(z.tuple([customizationType, z.string().min(1).max(500)]), result<{ yaml: string }>(), 'One stored customization (health, ignoreDifferences or actions of a kind) as argocd-cm YAML, to edit and import again'),
  removeCustomization: method(z.tuple([customizationType, z.string().min(1).max(500)]), result<Settings>(), 'Removes one customization of a kind; every app is compared again'),
}
export type ApiContract = typeof apiContract
export type GitopsApiHandlers = HandlersOf<ApiContract>
export type ApiMethodName = keyof ApiContract

/** What window.gitops offers: every method, and the event stream. */
export type GitopsApi = ClientOf<ApiContract> & {
  onEvents(listener: (events: DeskEvent[]) => void): () => void
}
