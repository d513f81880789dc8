import { useEffect, useState } from 'react'
import type { GitopsApi, KubeEvent } from '../../../shared/api'
import { errorText } from '../state/errors'
import { age } from '../ui/format'

/** The Kubernetes Events of a resource and what it owns, newest first; read again when the namespace's events change. */
export function KubeEventsView({ api, app, resource, namespace, context }: { api: GitopsApi; app: string; resource: string; namespace: string; context: string }) {
  const [events, setEvents] = useState<KubeEvent[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let cancelled = false
    const load = () => api.resourceEvents(app, resource).then((e) => !cancelled && (setEvents(e), setError(null)), (e: unknown) => !cancelled && setError(errorText(e)))
    void load()
    const unsubscribe = api.onEvents((batch) => {
      if (batch.some((e) => e.type === 'kube-events' && e.context === context && e.namespace === (namespace || 'default'))) void load()
    })
    return () => {
      cancelled = true
      unsubscribe()
    }
  }, [api, app, resource, namespace, context])
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    )
  if (!events) return <p role="status">Loading events…</p>
  if (events.length === 0) return <p className="muted">No events (Kubernetes keeps them for an hour).</p>
  return (
    <table className="kube-events" aria-label="Kubernetes events">
      <thead>
        <tr>
          <th>Type</th>
          <th>Reason</th>
          <th>Object</th>
          <th>Message</th>
          <th>Count</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.uid} className={e.type === 'Warning' ? 'warning' : undefined}>
            <td>{e.type}</td>
            <td>{e.reason}</td>
            <td className="mono small">{e.object}</td>
            <td>{e.message}</td>
            <td>{e.count}</td>
            <td title={e.lastSeen}>{age(e.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
