import { ownerAnnotation } from '../model/appset-schema'
import { cascadeOf } from '../sync/app-deletion'
import YAML from 'yaml'
import type { AppStatus, AppSummary, ClusterInfo, ProjectInfo, RepoInfo } from '../../../shared/model'
import { isAutomated, sourcesOf, type Application, type AppProject } from '../model/app-schema'
import { parentOf } from '../render/app-of-apps'
import type { RepoEntry } from '../store/desk-store'

/** A row of the app list: where the app comes from and goes, and its last known status. */
export function summaryOf(app: Application, status: AppStatus | undefined, operationRunning: boolean): AppSummary {
  const source = sourcesOf(app)[0]
  const { resources: _resources, ...brief } = status ?? { resources: [] }
  const parent = parentOf(app)
  const appset = app.metadata.annotations?.[ownerAnnotation]
  return {
    name: app.metadata.name,
    ...(parent ? { parent } : {}),
    ...(appset ? { appset } : {}),
    project: app.spec.project,
    repoURL: source?.repoURL ?? '',
    path: source?.path ?? source?.chart ?? '',
    ...(!source?.path && source?.chart ? { chart: true } : {}),
    targetRevision: source?.targetRevision ?? 'HEAD',
    syncPolicy: { automated: isAutomated(app), prune: !!app.spec.syncPolicy?.automated?.prune, selfHeal: !!app.spec.syncPolicy?.automated?.selfHeal },
    destination: app.spec.destination.name ?? app.spec.destination.server ?? '',
    namespace: app.spec.destination.namespace ?? '',
    status: status ? (brief as AppSummary['status']) : null,
    operationRunning,
    cascade: cascadeOf(app),
  }
}

export const appYaml = (app: Application): string => YAML.stringify(app)

/** A repository as the UI sees it: secrets only as "set". */
export const repoInfo = (e: RepoEntry): RepoInfo => ({ url: e.url, scope: e.scope, ...(e.username ? { username: e.username } : {}), hasPassword: e.hasPassword, hasSshKey: e.hasSshKey, insecure: e.insecure, hasCa: !!e.caData, type: e.type, enableOCI: e.enableOCI })

export const projectInfo = (p: AppProject): ProjectInfo => ({
  name: p.metadata.name,
  description: String((p.spec as { description?: unknown }).description ?? ''),
  sourceRepos: p.spec.sourceRepos ?? [],
  destinations: (p.spec.destinations ?? []).map((d) => `${d.name ?? d.server ?? '*'}/${d.namespace ?? '*'}`),
  syncWindows: p.spec.syncWindows?.length ?? 0,
})

export function clusterInfo(c: { name: string; server: string }, state: { active: boolean; protected: boolean; imported: boolean; labels: Record<string, string> }, check: { reachable: boolean; version?: string; reason?: string }): ClusterInfo {
  return { name: c.name, server: c.server, ...state, reachable: check.reachable, ...(check.version ? { version: check.version } : {}), ...(check.reason ? { reason: check.reason } : {}) }
}
