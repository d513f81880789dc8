import { z } from 'zod'
import { cascades, operationInitiators, resultCodes, taskActions, themes, trackingMethods } from './statuses'

// The records the engine stores and the UI shows (history, events, settings) and what the user
// asks of a sync or a deletion, as zod schemas: the store reads its file and the API checks its
// arguments with them, and the API model's types are derived from them.

/** A resource key as an argument: `group/kind/namespace/name`. */
export const resourceKeyArg = z.string().min(3).max(600).regex(/^[^/]*\/[^/]+\/[^/]*\/[^/]+$/, 'a resource key is group/kind/namespace/name')

/**
 * The consents a sync may need, each given separately: typing a context's name authorises a
 * sync to that context and nothing else. The engine decides which ones a sync needs.
 */
export const SyncConsent = z
  .object({
    /** The protected context's name, as the user typed it: authorises that context only. */
    context: z.string().max(253).optional(),
    /** Delete the resources marked Prune=confirm. */
    prunes: z.boolean().optional(),
    /** Prune every resource of the app (Git has none left). */
    pruneAll: z.boolean().optional(),
    /** "Deploy uncommitted changes": a sync from the app's working copy (never implied by the other consents). */
    uncommitted: z.boolean().optional(),
  })
  .strict()
export type SyncConsent = z.infer<typeof SyncConsent>

/**
 * One side of a side-by-side comparison: an app's target rendered at its targetRevision (or at
 * `revision`), or its live objects. (A working copy is another kind of side, to come.)
 */
export const CompareSide = z
  .object({
    app: z.string().min(1).max(253),
    /** A commit, tag or branch instead of the app's targetRevision (comma-separated per source). */
    revision: z.string().min(1).max(200).optional(),
    /** The app's live objects in its destination cluster instead of its rendered target. */
    live: z.boolean().optional(),
  })
  .strict()
  .refine((side) => !(side.live && side.revision), { message: 'a live side has no revision', path: ['revision'] })
export type CompareSide = z.infer<typeof CompareSide>

/** A duration as Argo CD's retry backoff writes it: 5s, 3m, 1h30m. */
const duration = z.string().regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, 'a duration like 5s, 3m or 1h30m').max(20)

/** What the user asked a sync to do: one type from the sync panel (or the CLI) to the engine. */
export const SyncIntent = z
  .object({
    prune: z.boolean().optional(),
    dryRun: z.boolean().optional(),
    /** Delete and re-create what cannot be updated (an immutable field), as argocd app sync --force. */
    force: z.boolean().optional(),
    /** Selective sync: only these resource keys, no hooks. */
    resources: z.array(resourceKeyArg).max(5000).optional(),
    /** A commit, tag or branch instead of the source's targetRevision. */
    revision: z.string().min(1).max(200).optional(),
    /** This sync's options (PruneLast=true, ServerSideApply=true…): each wins over the app's option of the same name, as Argo CD's sync panel fills them from the app's. */
    syncOptions: z.array(z.string().regex(/^[A-Za-z]+=[A-Za-z]+$/, 'a sync option is Name=value, e.g. PruneLast=true').max(100)).max(20).optional(),
    /** Retry a failed sync: wins over the app's syncPolicy.retry (argocd app sync --retry-limit …). */
    retry: z
      .object({
        /** How many retries; -1 forever. */
        limit: z.number().int().min(-1).max(1000),
        backoff: z.object({ duration: duration.optional(), factor: z.number().int().min(1).max(100).optional(), maxDuration: duration.optional() }).strict().optional(),
      })
      .strict()
      .optional(),
    consent: SyncConsent.optional(),
  })
  .strict()
export type SyncIntent = z.infer<typeof SyncIntent>

/** What the user asked a deletion to do; each consent asked for separately. */
export const DeleteIntent = z
  .object({
    /** Absent: what the app's resources finalizer says. */
    cascade: z.enum(cascades).optional(),
    consent: z
      .object({
        /** The user agreed that the app's resources are deleted from the cluster. */
        resources: z.boolean().optional(),
        /** The protected context's name, as the user typed it. */
        context: z.string().max(253).optional(),
        /** Delete the resources marked Delete=confirm too. */
        deletes: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
export type DeleteIntent = z.infer<typeof DeleteIntent>

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
  /** The app's managedNamespaceMetadata at this sync: a change since makes the app OutOfSync, as in Argo CD. */
  managedNamespaceMetadata: z.object({ labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
  /** Who started the sync (absent in entries written before this was recorded). */
  initiator: z.enum(operationInitiators).optional(),
  /** Only some resources were synced: the ones selected, or only the out-of-sync ones (ApplyOutOfSyncOnly). */
  partial: z.enum(['selected', 'out-of-sync-only']).optional(),
  /** The operation's result message. */
  message: z.string().optional(),
  /** A sync whose process stopped while it ran (its operation's id), with what it had applied by then. */
  interrupted: z.object({ operation: z.string(), applied: z.array(z.string()) }).optional(),
  /** A sync from a local working copy (its revision is `local:<dirty digest>`): its folder and the files that differed from HEAD. */
  local: z.object({ dir: z.string(), files: z.array(z.object({ path: z.string(), change: z.string() })) }).optional(),
  /** What the sync did to each resource (Argo CD's syncResult.resources): absent in entries written before this was recorded. */
  resources: z.array(z.object({ key: z.string(), action: z.enum(taskActions), code: z.enum(resultCodes), message: z.string() })).optional(),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>

/** Something done to an app's resources besides a sync (a resource action), as Argo CD records events; newest last. */
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

// Argo CD's resource customizations beyond health, as GitOps Desk stores them (settings), keyed
// `group/Kind` (`/Kind` for the core group, `*/*` for Argo CD's `all`; globs allowed).

/** What to ignore in a diff (Argo CD's OverrideIgnoreDiff). */
export const IgnoreSpec = z.object({
  jsonPointers: z.array(z.string()).optional(),
  jqPathExpressions: z.array(z.string()).optional(),
  managedFieldsManagers: z.array(z.string()).optional(),
})
export type IgnoreSpec = z.infer<typeof IgnoreSpec>

/** A kind's Lua actions: discovery.lua and each action.lua by name. */
export const LuaActionSet = z.object({
  discovery: z.string().min(1),
  definitions: z.array(z.object({ name: z.string().min(1).max(100), script: z.string().min(1) })).default([]),
  /** Argo CD's mergeBuiltinActions: the built-in actions stay beside these. */
  mergeBuiltinActions: z.boolean().default(false),
})
export type LuaActionSet = z.infer<typeof LuaActionSet>

/** Argo CD's resource.exclusions / resource.inclusions entry (globs; empty lists match all). */
export const FilteredResource = z.object({
  apiGroups: z.array(z.string()).optional(),
  kinds: z.array(z.string()).optional(),
  clusters: z.array(z.string()).optional(),
})
export type FilteredResource = z.infer<typeof FilteredResource>

export const ResourceCustomizations = z.object({
  ignoreDifferences: z.record(z.string(), IgnoreSpec).default({}),
  actions: z.record(z.string(), LuaActionSet).default({}),
  exclusions: z.array(FilteredResource).default([]),
  inclusions: z.array(FilteredResource).default([]),
  /** Argo CD's resource.compareoptions ignoreAggregatedRoles: an aggregated ClusterRole's rules are the controller's. */
  ignoreAggregatedRoles: z.boolean().default(false),
})
export type ResourceCustomizations = z.infer<typeof ResourceCustomizations>

/** The settings, with their defaults (the store reads older files through store/schema.ts first). */
export const Settings = z.object({
  reconcileIntervalSeconds: z.number().int().min(10).default(120),
  helmPath: z.string().optional(),
  kustomizePath: z.string().optional(),
  /** Argo CD's `kustomize.buildOptions` (argocd-cm), e.g. `--enable-helm` for helmCharts. */
  kustomizeBuildOptions: z.string().optional(),
  /** Health checks in Lua by `group/Kind` (Argo CD's resource.customizations.health), imported from argocd-cm. */
  healthScripts: z.record(z.string(), z.string()).default({}),
  /** The kinds whose health script may use string and math (Argo CD's useOpenLibs). */
  healthOpenLibs: z.array(z.string()).default([]),
  /** Argo CD's other resource customizations (argocd-cm): diff rules, Lua actions, exclusions. */
  customizations: ResourceCustomizations.default(ResourceCustomizations.parse({})),
  trackingMethod: z.enum(trackingMethods).default('annotation'),
  theme: z.enum(themes).default('system'),
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
  /** Namespaces that hold an Argo CD, by context, besides those found by their argocd-cm (a user who may not list ConfigMaps cluster-wide names them here). */
  argocdNamespaces: z.record(z.string(), z.array(z.string())).default({}),
})
export type Settings = z.infer<typeof Settings>
