import { z } from 'zod'
import { Application, AppProject } from '../model/app-schema'
import { ImportedCluster } from '../model/imported-cluster'
import { ApplicationSet } from '../model/appset-schema'
import { ConfigManagementPlugin } from '../model/plugin-schema'
import { AppEvent, HistoryEntry, Settings as SettingsFields } from '../../../shared/schemas'
import { cascades, deletionPhases, repoScopes, repoTypes } from '../../../shared/statuses'

// What the store file holds (schemaVersion 1), read strictly as Argo CD decodes its CRDs.
export const RepoEntry = z.object({
  url: z.string(),
  /** repository: one repo; template: Argo CD repo-creds, for every URL with this prefix. */
  scope: z.enum(repoScopes).default('repository'),
  name: z.string().optional(),
  username: z.string().optional(),
  /** Whether a password/token or an SSH key is in the keychain; the secret itself never is here. */
  hasPassword: z.boolean().default(false),
  hasSshKey: z.boolean().default(false),
  insecure: z.boolean().default(false),
  /** PEM of a CA to trust for this HTTPS server (a private or self-signed one); not a secret. */
  caData: z.string().optional(),
  /** git, or helm: a chart repository (index.yaml) or, with enableOCI, an OCI registry. */
  type: z.enum(repoTypes).default('git'),
  enableOCI: z.boolean().default(false),
})
export type RepoEntry = z.infer<typeof RepoEntry>

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

// History entries and events are the API model's own records (shared/schemas.ts).
export { AppEvent, HistoryEntry }

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
  cascade: z.enum(cascades).exclude(['none']),
  context: z.string(),
  startedAt: z.string(),
  phase: z.enum(deletionPhases),
  error: z.string().optional(),
  consent: z.object({ resources: z.boolean().optional(), context: z.string().optional(), deletes: z.boolean().optional() }).default({}),
  pid: z.number().int(),
})
export type DeletionRecord = z.infer<typeof DeletionRecord>

/** The store's format; a file with a higher number is a newer version's, left untouched. */
export const storeSchemaVersion = 1

/** An app's kind as the store keeps it: apiVersion/kind (core/v1/ConfigMap is v1/ConfigMap). */
export const kindIdPattern = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[a-z]([-a-z0-9]*[a-z0-9])?\/[A-Za-z][A-Za-z0-9]*$/

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
  /**
   * The imported argocd-notifications-cm (its data, as read) and the keys of
   * argocd-notifications-secret; the secret's values are in the keychain only.
   */
  notifications: z.object({ configMap: z.record(z.string(), z.string()).default({}), secretKeys: z.array(z.string()).default([]), source: z.string().optional() }).default({ configMap: {}, secretKeys: [] }),
  /**
   * The kinds each app has had live (synced, or found carrying its tracking id): looked at with
   * the kinds it renders, so what Git no longer renders is still found (and pruned).
   */
  appKinds: z.record(z.string(), z.array(z.string().regex(kindIdPattern, 'expected apiVersion/kind'))).default({}),
}).transform((data) => {
  // Removed with the app, whichever way it goes (deleted, a child app pruned, an ApplicationSet's).
  const apps = new Set(data.apps.map((a) => a.metadata.name))
  return Object.keys(data.appKinds).every((name) => apps.has(name)) ? data : { ...data, appKinds: Object.fromEntries(Object.entries(data.appKinds).filter(([name]) => apps.has(name))) }
})
export type StoreData = z.infer<typeof StoreData>
