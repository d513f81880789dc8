import { z } from 'zod'
import { SourcePlugin } from './plugin-schema'
import { windowProblem } from './sync-windows'

/** The kinds of source Argo CD renders (a source names at most one; else it is detected from its folder). */
export const sourceTypes = ['helm', 'kustomize', 'directory', 'plugin'] as const
export type SourceType = (typeof sourceTypes)[number]

// Argo CD's argoproj.io/v1alpha1 Application and AppProject. Objects are "loose": fields we do
// not model are kept, so an Application round-trips to Argo CD unchanged.

const name253 = z.string().min(1).max(253)

export const HelmParameter = z.looseObject({
  name: z.string().min(1),
  value: z.string().default(''),
  forceString: z.boolean().optional(),
})

export const HelmSource = z.looseObject({
  releaseName: z.string().optional(),
  valueFiles: z.array(z.string()).optional(),
  values: z.string().optional(),
  valuesObject: z.record(z.string(), z.unknown()).optional(),
  parameters: z.array(HelmParameter).optional(),
  namespace: z.string().optional(),
  skipCrds: z.boolean().optional(),
  kubeVersion: z.string().optional(),
  apiVersions: z.array(z.string()).optional(),
  ignoreMissingValueFiles: z.boolean().optional(),
  passCredentials: z.boolean().optional(),
  skipSchemaValidation: z.boolean().optional(),
  skipTests: z.boolean().optional(),
  /** `--set-file`: a parameter whose value is a file of the repository. */
  fileParameters: z.array(z.looseObject({ name: z.string().min(1), path: z.string().min(1) })).optional(),
})

export const KustomizeSource = z.looseObject({
  namePrefix: z.string().optional(),
  nameSuffix: z.string().optional(),
  images: z.array(z.string()).optional(),
  commonLabels: z.record(z.string(), z.string()).optional(),
  commonAnnotations: z.record(z.string(), z.string()).optional(),
  namespace: z.string().optional(),
  replicas: z.array(z.looseObject({ name: z.string(), count: z.union([z.number().int(), z.string()]) })).optional(),
  patches: z.array(z.unknown()).optional(),
  components: z.array(z.string()).optional(),
  forceCommonLabels: z.boolean().optional(),
  forceCommonAnnotations: z.boolean().optional(),
  labelWithoutSelector: z.boolean().optional(),
  labelIncludeTemplates: z.boolean().optional(),
  commonAnnotationsEnvsubst: z.boolean().optional(),
  ignoreMissingComponents: z.boolean().optional(),
})

export const DirectorySource = z.looseObject({
  recurse: z.boolean().optional(),
  include: z.string().optional(),
  exclude: z.string().optional(),
  jsonnet: z
    .looseObject({
      tlas: z.array(z.looseObject({ name: z.string().min(1), value: z.string(), code: z.boolean().optional() })).optional(),
      extVars: z.array(z.looseObject({ name: z.string().min(1), value: z.string(), code: z.boolean().optional() })).optional(),
      libs: z.array(z.string()).optional(),
    })
    .optional(),
})

export const ApplicationSource = z
  .looseObject({
    repoURL: z.string().min(1, 'repoURL is required'),
    targetRevision: z.string().optional(),
    path: z.string().optional(),
    chart: z.string().optional(),
    ref: z.string().optional(),
    helm: HelmSource.optional(),
    kustomize: KustomizeSource.optional(),
    directory: DirectorySource.optional(),
    plugin: SourcePlugin.optional(),
  })
  .superRefine((source, ctx) => {
    const types = sourceTypes.filter((t) => source[t] !== undefined)
    if (types.length > 1) ctx.addIssue({ code: 'custom', message: `a source has one type, not ${types.join(' and ')}`, path: [types[1]!] })
  })

export const Destination = z
  .looseObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() })
  .refine((d) => Boolean(d.server) !== Boolean(d.name), { message: 'destination needs exactly one of server or name' })

export const SyncWindow = z
  .looseObject({
    kind: z.enum(['allow', 'deny']),
    schedule: z.string(),
    duration: z.string(),
    applications: z.array(z.string()).optional(),
    namespaces: z.array(z.string()).optional(),
    clusters: z.array(z.string()).optional(),
    manualSync: z.boolean().optional(),
    timeZone: z.string().optional(),
  })
  .superRefine((window, ctx) => {
    const problem = windowProblem(window)
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] })
  })

export const SyncPolicy = z.looseObject({
  automated: z.looseObject({ prune: z.boolean().optional(), selfHeal: z.boolean().optional(), allowEmpty: z.boolean().optional(), enabled: z.boolean().optional() }).optional(),
  syncOptions: z.array(z.string()).optional(),
  retry: z
    .looseObject({
      limit: z.number().int().optional(),
      backoff: z.looseObject({ duration: z.string().optional(), factor: z.number().optional(), maxDuration: z.string().optional() }).optional(),
    })
    .optional(),
  managedNamespaceMetadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }).optional(),
})

export const IgnoreDifference = z.looseObject({
  group: z.string().optional(),
  kind: z.string().min(1),
  name: z.string().optional(),
  namespace: z.string().optional(),
  jsonPointers: z.array(z.string()).optional(),
  jqPathExpressions: z.array(z.string()).optional(),
  managedFieldsManagers: z.array(z.string()).optional(),
})

const Metadata = z.looseObject({ name: name253, namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional(), finalizers: z.array(z.string()).optional() })

export const Application = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('Application'),
  metadata: Metadata,
  spec: z
    .looseObject({
      project: z.string().default('default'),
      source: ApplicationSource.optional(),
      sources: z.array(ApplicationSource).min(1).optional(),
      destination: Destination,
      syncPolicy: SyncPolicy.optional(),
      ignoreDifferences: z.array(IgnoreDifference).optional(),
      revisionHistoryLimit: z.number().int().min(0).optional(),
    })
    .refine((spec) => spec.source !== undefined || spec.sources !== undefined, { message: 'spec needs source or sources', path: ['source'] }),
})
export type Application = z.infer<typeof Application>
export type ApplicationSource = z.infer<typeof ApplicationSource>

const ProjectResource = z.looseObject({ group: z.string(), kind: z.string() })

export const AppProject = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('AppProject'),
  metadata: Metadata,
  spec: z
    .looseObject({
      sourceRepos: z.array(z.string()).optional(),
      destinations: z.array(z.looseObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() })).optional(),
      clusterResourceWhitelist: z.array(ProjectResource).optional(),
      clusterResourceBlacklist: z.array(ProjectResource).optional(),
      namespaceResourceWhitelist: z.array(ProjectResource).optional(),
      namespaceResourceBlacklist: z.array(ProjectResource).optional(),
      syncWindows: z.array(SyncWindow).optional(),
      orphanedResources: z.looseObject({ warn: z.boolean().optional(), ignore: z.array(z.looseObject({ group: z.string().optional(), kind: z.string().optional(), name: z.string().optional() })).optional() }).optional(),
    })
    .default({}),
})
export type AppProject = z.infer<typeof AppProject>

/** Argo CD's built-in `default` project: any repo, any destination, any kind. */
export const defaultProject: AppProject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'default' },
  spec: {
    sourceRepos: ['*'],
    destinations: [{ server: '*', name: '*', namespace: '*' }],
    clusterResourceWhitelist: [{ group: '*', kind: '*' }],
  },
}

/** The sources of an app as a list, whether it uses `source` or `sources`. */
export function sourcesOf(app: Application): ApplicationSource[] {
  return app.spec.sources ?? (app.spec.source ? [app.spec.source] : [])
}

/** Auto-sync is on: syncPolicy.automated is set and not turned off with `enabled: false`. */
export const isAutomated = (app: Application): boolean => !!app.spec.syncPolicy?.automated && app.spec.syncPolicy.automated.enabled !== false
