import { useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { PortForwardList, usePortForwards } from './PortForwardList'

/**
 * Forwards a port of this Pod or Service to 127.0.0.1 (a free local port unless one is given; a
 * Service goes through one of its running pods, as kubectl does), and lists this resource's
 * forwards. Settings lists every forward.
 */
export function PortForwardView({ api, app, resource }: { api: GitopsApi; app: string; resource: string }) {
  const [remote, setRemote] = useState('')
  const [local, setLocal] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const forwards = usePortForwards(api).filter((f) => f.app === app && f.resource === resource)
  const remotePort = /^\d+$/.test(remote.trim()) ? Number(remote.trim()) : remote.trim()
  const localPort = local.trim() === '' ? undefined : Number(local.trim())
  const localProblem = localPort !== undefined && !(Number.isInteger(localPort) && localPort >= 1 && localPort <= 65_535) ? 'a local port is a number from 1 to 65535' : null
  const start = () => {
    setError(null)
    setBusy(true)
    api
      .startPortForward(app, resource, { remotePort, ...(localPort === undefined ? {} : { localPort }) })
      .then(() => setLocal(''), (e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false))
  }
  return (
    <div className="port-forward" aria-label="Port-forward">
      <form
        className="port-forward-form"
        onSubmit={(e) => {
          e.preventDefault()
          start()
        }}
      >
        <label>
          Port (number or name){' '}
          <input value={remote} onChange={(e) => setRemote(e.target.value)} aria-label="Remote port" placeholder="8080" />
        </label>
        <label>
          Local port <input value={local} onChange={(e) => setLocal(e.target.value)} aria-label="Local port" placeholder="any free one" inputMode="numeric" />
        </label>
        <button type="submit" className="primary" disabled={busy || remote.trim() === '' || !!localProblem}>
          Forward
        </button>
        <span className="muted small">Listens on 127.0.0.1 only; stops when GitOps Desk quits.</span>
      </form>
      {localProblem && <p className="error small">{localProblem}</p>}
      <ErrorAlert error={error} />
      <PortForwardList api={api} forwards={forwards} showApp={false} />
    </div>
  )
}
