import { useEffect, useState } from 'react'
import type { GitopsApi, VersionInfo } from '../../shared/api'
import { isApiRejection } from '../../shared/errors'

type EngineState = { state: 'connecting' } | { state: 'ready'; version: VersionInfo } | { state: 'failed'; message: string }

export function App({ api }: { api: GitopsApi }) {
  const [engine, setEngine] = useState<EngineState>({ state: 'connecting' })

  useEffect(() => {
    api.version().then(
      (version) => setEngine({ state: 'ready', version }),
      (error: unknown) =>
        setEngine({ state: 'failed', message: isApiRejection(error) ? error.message : String(error) }),
    )
  }, [api])

  return (
    <div className="shell">
      <header className="topbar" role="banner">
        <span className="brand">GitOps Desk</span>
      </header>
      <main className="content" aria-label="Applications">
        <h1>Applications</h1>
        <p className="muted">
          Point GitOps Desk at a Git repository of Kubernetes manifests and a cluster from your kubeconfig to see its
          target and live state side by side.
        </p>
      </main>
      <footer className="statusbar" role="status" aria-label="Engine status">
        {engine.state === 'connecting' && <span>Connecting to the engine…</span>}
        {engine.state === 'ready' && (
          <span data-testid="engine-version">
            Engine v{engine.version.app} · Node {engine.version.node}
            {engine.version.electron ? ` · Electron ${engine.version.electron}` : ' · web harness'}
          </span>
        )}
        {engine.state === 'failed' && <span className="error">Engine unavailable: {engine.message}</span>}
      </footer>
    </div>
  )
}
