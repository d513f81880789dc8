import { useEffect, useState } from 'react'
import type { GitopsApi, PortForwardInfo } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'

/** The running port-forwards, kept current by port-forwards events. */
export function usePortForwards(api: GitopsApi): PortForwardInfo[] {
  const [forwards, setForwards] = useState<PortForwardInfo[]>([])
  useEffect(() => {
    let cancelled = false
    let seenEvent = false
    const unsubscribe = api.onEvents((events) => {
      for (const event of events) {
        if (event.type !== 'port-forwards') continue
        seenEvent = true
        setForwards(event.forwards)
      }
    })
    api.listPortForwards().then((list) => !cancelled && !seenEvent && setForwards(list), () => undefined)
    return () => {
      cancelled = true
      unsubscribe()
    }
  }, [api])
  return forwards
}

/**
 * Port-forwards as a table: where each listens (127.0.0.1 only), what it reaches, its
 * connections and last failure, and Stop. Settings lists them all; a resource panel its own.
 */
export function PortForwardList({ api, forwards, showApp = true }: { api: GitopsApi; forwards: PortForwardInfo[]; showApp?: boolean }) {
  const [error, setError] = useState<string | null>(null)
  const stop = (id: string) => {
    setError(null)
    api.stopPortForward(id).catch((e: unknown) => setError(errorText(e)))
  }
  if (forwards.length === 0) return <p className="muted">No port-forwards are running.</p>
  return (
    <>
      <ErrorAlert error={error} />
      <table className="port-forwards" aria-label="Port-forwards">
        <thead>
          <tr>
            <th>Local address</th>
            {showApp && <th>App</th>}
            <th>To</th>
            <th>Connections</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {forwards.map((f) => (
            <tr key={f.id}>
              <td className="mono">
                {f.address}:{f.localPort}
              </td>
              {showApp && <td>{f.app}</td>}
              <td>
                <span className="mono">
                  {f.resource.split('/').slice(1).join('/')} → {f.pod}:{f.remotePort}
                </span>{' '}
                <span className="muted small">on {f.context}</span>
                {f.lastError && <div className="small error">Last connection failed: {f.lastError}</div>}
              </td>
              <td>
                {f.open} open, {f.connections} in all
              </td>
              <td>
                <button onClick={() => stop(f.id)} aria-label={`Stop forwarding ${f.address}:${f.localPort}`}>
                  Stop
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
