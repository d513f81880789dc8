import type { AppCondition } from '../../../shared/model'
import { Application } from '../model/app-schema'
import { ApplicationSet } from '../model/appset-schema'
import type { K8sObject } from '../base/objects'
import { isLocalRepo, localRepoKey } from '../repos/local-repo'
import { sourcesOf } from '../model/app-schema'

export const parentAnnotation = 'gitops-desk.io/parent'

const isApplication = (obj: K8sObject) => obj.kind === 'Application' && obj.apiVersion.startsWith('argoproj.io/')
const isApplicationSet = (obj: K8sObject) => obj.kind === 'ApplicationSet' && obj.apiVersion.startsWith('argoproj.io/')

/**
 * App-of-apps: the Applications and ApplicationSets a parent renders. Unless they are to be
 * applied to a cluster that runs Argo CD, they become child apps and ApplicationSets here and
 * leave the parent's targets.
 */
export function splitChildApps(objects: K8sObject[], applyChildApps: boolean): { targets: K8sObject[]; children: K8sObject[]; appsets: K8sObject[] } {
  if (applyChildApps) return { targets: objects, children: [], appsets: [] }
  return { targets: objects.filter((o) => !isApplication(o) && !isApplicationSet(o)), children: objects.filter(isApplication), appsets: objects.filter(isApplicationSet) }
}

/**
 * What registering a parent's rendered ApplicationSets changes (pure): the ones to store (new or
 * changed, marked with their parent), conditions for invalid or clashing ones. One the parent no
 * longer renders is reported, not removed: removing it would delete its apps.
 */
export function childAppSetChanges(parent: Application, rendered: K8sObject[], stored: ApplicationSet[]): { conditions: AppCondition[]; changed: ApplicationSet[] } {
  const parentName = parent.metadata.name
  const conditions: AppCondition[] = []
  const changed: ApplicationSet[] = []
  for (const obj of rendered) {
    const { namespace: _namespace, resourceVersion: _rv, uid: _uid, ...metadata } = obj.metadata as Record<string, unknown>
    const parsed = ApplicationSet.safeParse({ ...obj, metadata: { ...metadata, annotations: { ...(obj.metadata.annotations ?? {}), [parentAnnotation]: parentName } } })
    if (!parsed.success) {
      conditions.push({ type: 'InvalidSpecError', message: `child ApplicationSet ${obj.metadata.name ?? '?'} of ${parentName}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` })
      continue
    }
    const local = localGitGenerator(parsed.data.spec.generators, ownRepos(parent))
    if (local) {
      conditions.push({ type: 'InvalidSpecError', message: `child ApplicationSet ${parsed.data.metadata.name} of ${parentName}: its git generator's repoURL "${local}" is a repository on this machine, not its parent's; an ApplicationSet rendered from a repository may only read remote ones or its parent's` })
      continue
    }
    const current = stored.find((a) => a.metadata.name === parsed.data.metadata.name)
    if (current && current.metadata.annotations?.[parentAnnotation] !== parentName) conditions.push({ type: 'InvalidSpecError', message: `child ApplicationSet ${parsed.data.metadata.name} clashes with an ApplicationSet of that name that ${parentName} does not own` })
    else if (JSON.stringify(current) !== JSON.stringify(parsed.data)) changed.push(parsed.data)
  }
  const names = new Set(rendered.map((o) => o.metadata.name))
  for (const gone of stored.filter((a) => a.metadata.annotations?.[parentAnnotation] === parentName && !names.has(a.metadata.name))) {
    conditions.push({ type: 'InvalidSpecError', message: `ApplicationSet ${gone.metadata.name} is no longer rendered by ${parentName}; it and its apps stay until you delete it (gitops-desk appset delete ${gone.metadata.name})` })
  }
  return { conditions, changed }
}

/** The repoURL of a git generator (at any depth of matrix and merge) that names a local repository. */
function localGitGenerator(generators: unknown, allowed: Set<string>): string | undefined {
  for (const generator of Array.isArray(generators) ? (generators as Record<string, unknown>[]) : []) {
    const git = generator?.git as { repoURL?: unknown } | undefined
    if (typeof git?.repoURL === 'string' && isLocalRepo(git.repoURL) && !allowed.has(localRepoKey(git.repoURL))) return git.repoURL
    for (const nested of [generator?.matrix, generator?.merge] as ({ generators?: unknown } | undefined)[]) {
      const found = nested && localGitGenerator(nested.generators, allowed)
      if (found) return found
    }
  }
  return undefined
}

/** The local repositories a parent app renders from: its children may use those (a local app-of-apps). */
export function ownRepos(parent: Application | undefined): Set<string> {
  return new Set(parent ? sourcesOf(parent).filter((s) => isLocalRepo(s.repoURL, Boolean(s.chart))).map((s) => localRepoKey(s.repoURL)) : [])
}

/**
 * Why an app something rendered from a repository made may not use its repositories: one on this
 * machine other than its parent's own (the parent's author would read the user's other ones).
 */
export function localRepoProblem(app: Application, allowed: Set<string>): string | undefined {
  const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : [])
  const local = sources.findIndex((s) => isLocalRepo(s.repoURL, Boolean(s.chart)) && !allowed.has(localRepoKey(s.repoURL)))
  if (local < 0) return undefined
  const field = app.spec.sources ? `spec.sources[${local}].repoURL` : 'spec.source.repoURL'
  return `${field} "${sources[local]!.repoURL}" is a repository on this machine, not its parent's; an app rendered from a repository may only use remote ones or its parent's (add another local one yourself)`
}

/** A rendered child as a stored app: validated, marked with its parent, cluster fields dropped. */
export function childApp(parent: string, obj: K8sObject, allowed: Set<string> = new Set()): { app: Application } | { error: string } {
  const { namespace: _namespace, resourceVersion: _rv, uid: _uid, finalizers: _finalizers, ...metadata } = obj.metadata as Record<string, unknown>
  const parsed = Application.safeParse({ ...obj, metadata: { ...metadata, annotations: { ...(obj.metadata.annotations ?? {}), [parentAnnotation]: parent } } })
  if (!parsed.success) return { error: `child Application ${obj.metadata.name ?? '?'} of ${parent}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` }
  // The parent's author would read the user's own repositories through it (issue 30; docs/deviations.md).
  const local = localRepoProblem(parsed.data, allowed)
  if (local) return { error: `child Application ${parsed.data.metadata.name} of ${parent}: ${local}` }
  return { app: parsed.data }
}

export const parentOf = (app: Application): string | undefined => app.metadata.annotations?.[parentAnnotation]

/**
 * What registering a parent's rendered children changes (pure): the children to store (new or
 * changed), the ones it no longer renders, and conditions for invalid or clashing children.
 */
export function childChanges(parent: Application, children: K8sObject[], stored: Application[]): { conditions: AppCondition[]; changed: Application[]; removed: Application[] } {
  const conditions: AppCondition[] = []
  const parentName = parent.metadata.name
  const allowed = ownRepos(parent)
  const apps = children.map((c) => childApp(parentName, c, allowed))
  for (const a of apps) if ('error' in a) conditions.push({ type: 'InvalidSpecError', message: a.error })
  const wanted = apps.flatMap((a) => ('app' in a ? [a.app] : []))
  const mine = stored.filter((a) => parentOf(a) === parentName)
  const clash = wanted.filter((w) => stored.some((a) => a.metadata.name === w.metadata.name && parentOf(a) !== parentName))
  for (const c of clash) conditions.push({ type: 'InvalidSpecError', message: `child Application ${c.metadata.name} clashes with an app of that name that ${parentName} does not own` })
  const register = wanted.filter((w) => !clash.includes(w))
  const removed = mine.filter((m) => !register.some((w) => w.metadata.name === m.metadata.name))
  const changed = register.filter((w) => JSON.stringify(w) !== JSON.stringify(mine.find((m) => m.metadata.name === w.metadata.name)))
  return { conditions, changed, removed }
}
