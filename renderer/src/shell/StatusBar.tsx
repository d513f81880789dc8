import { memo, useEffect, useState } from 'react'
import type { AppSummary, GitopsApi, VersionInfo } from '../../../shared/api'
import { errorText } from '../state/errors'

type EngineState = { state: 'connecting' } | { state: 'ready'; version: VersionInfo } | { state: 'failed'; message: string }

/** The bottom line: the engine's versions (or why it is unreachable), the last notice, and how many apps need a look. */
// Memoised: its props stay the same while the search is typed (the shell renders again per key).
export const StatusBar = memo(function StatusBar({ api, notice, apps }: { api: GitopsApi; notice: string | null; apps: AppSummary[] }) {
  const [engine, setEngine] = useState<EngineState>({ state: 'connecting' })
  useEffect(() => {
    api.version().then(
      (version) => setEngine({ state: 'ready', version }),
      (error: unknown) => setEngine({ state: 'failed', message: errorText(error) }),
    )
  }, [api])

  return (
    <footer className="statusbar" role="status" aria-label="Engine status">
      {engine.state === 'connecting' && <span>Connecting to the engine…</span>}
      {engine.state === 'ready' && (
        <span data-testid="engine-version">
          Engine v{engine.version.app} · Node {engine.version.node}
          {engine.version.electron ? ` · Electron ${engine.version.electron}` : ' · web harness'}
        </span>
      )}
      {engine.state === 'failed' && <span className="error">Engine unavailable: {engine.message}</span>}
      <span className="spacer" />
      {notice && <span>{notice} ·&nbsp;</span>}
      <span>
        {apps.filter((a) => a.status?.sync === 'OutOfSync').length} out of sync · {apps.filter((a) => a.status?.health === 'Degraded').length} degraded
      </span>
    </footer>
  )
})
