import { useState } from 'react'
import type { AppSummary, ClusterInfo, SyncIntent } from '../../../shared/api'
import { Modal } from '../ui/Modal'
import { TypedConfirmation } from '../ui/TypedConfirmation'
import { SyncBadge } from '../ui/Badges'
import { destinationOf } from './app-sort'
import { plural } from '../ui/plural'

interface Props {
  /** The apps to sync: one from a tile, or the selected ones. */
  apps: AppSummary[]
  clusters: ClusterInfo[]
  onClose(): void
  /** Starts one sync per app, each with its own intent (the typed name of its protected context, if it has one). */
  onSync(syncs: { app: string; intent: SyncIntent }[]): void
}

/**
 * One consent for syncing one or more apps, as the app page's Sync does for one: each app is
 * synced to its target with its own options. The apps are listed; a protected context's name is
 * typed once for all its apps; an app whose operation is still running is left out. The engine
 * checks every consent again.
 */
export function SyncAppsDialog(props: Props) {
  const [typed, setTyped] = useState<Record<string, string>>({})
  const running = props.apps.filter((a) => a.operationRunning)
  const syncing = props.apps.filter((a) => !a.operationRunning)
  const isProtected = (context: string) => props.clusters.some((c) => c.name === context && c.protected)
  const guarded = [...new Set(syncing.map(destinationOf).filter(isProtected))].sort()
  const ready = syncing.length > 0 && guarded.every((context) => typed[context] === context)
  const intentOf = (a: AppSummary): SyncIntent => (isProtected(destinationOf(a)) ? { consent: { context: typed[destinationOf(a)] ?? '' } } : {})
  const title = props.apps.length === 1 ? `Sync ${props.apps[0]!.name}?` : `Sync ${plural(syncing.length, 'app')}?`
  return (
    <Modal
      kind="alert"
      title={title}
      description={`${syncing.length === 1 ? 'It is' : 'Each is'} synced to its target revision with its own sync options, as its Sync button does: one operation per app.`}
      onClose={props.onClose}
      actions={
        <button type="button" className="primary" disabled={!ready} onClick={() => ready && props.onSync(syncing.map((a) => ({ app: a.name, intent: intentOf(a) })))}>
          {syncing.length === 1 ? 'Synchronize' : `Synchronize ${plural(syncing.length, 'app')}`}
        </button>
      }
    >
      <ul className="sync-apps" aria-label="Apps to sync">
        {syncing.map((a) => (
          <li key={a.name}>
            <strong>{a.name}</strong> <SyncBadge status={a.status?.sync} />{' '}
            <span className="muted">
              → {destinationOf(a)}/{a.namespace}
              {isProtected(destinationOf(a)) ? ' (protected)' : ''}
            </span>
          </li>
        ))}
      </ul>
      {running.length > 0 && <p className="muted">Left out, an operation is running: {running.map((a) => a.name).join(', ')}</p>}
      {guarded.map((context) => (
        <TypedConfirmation
          key={context}
          why={`${context} is a protected context (${plural(syncing.filter((a) => destinationOf(a) === context).length, 'app')}).`}
          word={context}
          label={guarded.length === 1 ? 'Confirm context name' : `Confirm context name ${context}`}
          value={typed[context] ?? ''}
          onChange={(value) => setTyped((t) => ({ ...t, [context]: value }))}
        />
      ))}
    </Modal>
  )
}
