import { useCallback, useState } from 'react'
import type { AppSummary, GitopsApi, SyncIntent } from '../../../shared/api'
import { isArgoAppId } from '../../../shared/argocd-model'
import { errorText } from '../state/errors'
import { plural } from '../ui/plural'

/** At most this many calls at once: a refresh of hundreds of apps compares them a few at a time. */
const atOnce = 4

/** Runs the call for every item, a few at a time; each failure is kept with its item's name. */
async function eachLimited<T>(items: T[], name: (item: T) => string, call: (item: T) => Promise<unknown>): Promise<string[]> {
  const failures: string[] = []
  const queue = [...items]
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      await call(item).catch((e: unknown) => failures.push(`${name(item)}: ${errorText(e)}`))
    }
  }
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker))
  return failures
}

/** What the list's commands call: a local app's methods, or an Argo CD app's (named argocd@…). */
export type ListCommandsApi = Pick<GitopsApi, 'syncApp' | 'refreshApp' | 'syncArgoApp' | 'refreshArgoApp'>

const summary = (done: string, failures: string[]) => (failures.length ? `${done}; failed: ${failures.join('; ')}` : done)

/**
 * The list's commands on one app (a tile) or the selected ones: Sync asks its consent first (the
 * dialog shows `consenting`), Refresh (a compare, which changes nothing) runs at once. Each says
 * what it started, and what failed with the app's name.
 */
export function useAppCommands(api: ListCommandsApi) {
  const [consenting, setConsenting] = useState<AppSummary[] | null>(null)
  const [result, setResult] = useState<string | null>(null)

  const sync = useCallback(
    async (syncs: { app: string; intent: SyncIntent }[]) => {
      setConsenting(null)
      setResult(`Starting ${plural(syncs.length, 'sync')}…`)
      const failures = await eachLimited(syncs, (s) => s.app, (s) => (isArgoAppId(s.app) ? api.syncArgoApp(s.app, s.intent) : api.syncApp(s.app, s.intent)))
      setResult(summary(`Started ${plural(syncs.length - failures.length, 'sync')}`, failures))
    },
    [api],
  )
  const refresh = useCallback(
    async (apps: AppSummary[]) => {
      setResult(`Refreshing ${plural(apps.length, 'app')}…`)
      const failures = await eachLimited(apps, (a) => a.name, (a) => (isArgoAppId(a.name) ? api.refreshArgoApp(a.name) : api.refreshApp(a.name)))
      setResult(summary(`Refreshed ${plural(apps.length - failures.length, 'app')}`, failures))
    },
    [api],
  )
  return { consenting, askSync: setConsenting, closeSync: () => setConsenting(null), sync, refresh, result }
}
