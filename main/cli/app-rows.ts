import { isAutomated, sourcesOf, type Application } from '../engine/model/app-schema'

/** Stored apps as table rows (with a header); wide adds the sync policy and the project's. */
export function appRows(apps: Application[], wide: boolean): string[][] {
  const header = ['NAME', 'PROJECT', 'REPO', 'PATH', 'REVISION', 'DESTINATION', ...(wide ? ['SYNC POLICY', 'SYNC OPTIONS'] : [])]
  return [
    header,
    ...apps.map((a) => {
      const s = sourcesOf(a)[0]
      const d = a.spec.destination
      const automated = a.spec.syncPolicy?.automated
      const policy = automated && isAutomated(a) ? ['automated', automated.prune && 'prune', automated.selfHeal && 'self-heal'].filter(Boolean).join(',') : 'manual'
      return [a.metadata.name, a.spec.project, s?.repoURL ?? '', s?.path ?? s?.chart ?? '', s?.targetRevision ?? 'HEAD', `${d.name ?? d.server}/${d.namespace ?? ''}`, ...(wide ? [policy, (a.spec.syncPolicy?.syncOptions ?? []).join(',') || '-'] : [])]
    }),
  ]
}
