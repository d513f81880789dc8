import { useCallback, useEffect, useMemo, useState } from 'react'
import type { AppSummary, GitopsApi, RepoInfo } from '../../../shared/api'
import { errorText } from '../state/errors'
import { AppLinks } from '../ui/AppLinks'
import { ErrorAlert } from '../ui/ErrorAlert'

type Connection = { state: 'testing' } | { state: 'done'; ok: boolean; message: string }

/** A repository row: the stored entry (credentials) when there is one, and the apps that render from it. */
interface RepoRow {
  url: string
  stored?: RepoInfo
  apps: string[]
}

function ConnectionCell({ connection }: { connection: Connection | undefined }) {
  if (!connection) return <span className="muted">not tested</span>
  if (connection.state === 'testing') return <span className="muted">testing…</span>
  return <span className={connection.ok ? 'ok' : 'error'}>{`${connection.ok ? 'Successful' : 'Failed'}: ${connection.message}`}</span>
}

/**
 * Repositories: the ones with credentials and the ones apps render from, each with its connection
 * status (tested when the page opens, and again on Test); any URL can be tried before an app uses it.
 * Testing only reads the repository.
 */
export function ReposPage({ api, apps, onOpenApp, onSettings }: { api: GitopsApi; apps: AppSummary[]; onOpenApp(name: string): void; onSettings(): void }) {
  const [stored, setStored] = useState<RepoInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [connections, setConnections] = useState<Record<string, Connection>>({})
  const [url, setUrl] = useState('')
  const [tried, setTried] = useState<{ url: string; connection: Connection } | null>(null)
  useEffect(() => void api.listRepos().then(setStored, (e: unknown) => setError(errorText(e))), [api])
  const rows = useMemo<RepoRow[]>(() => {
    if (!stored) return []
    const byUrl = new Map<string, RepoRow>(stored.map((r) => [r.url, { url: r.url, stored: r, apps: [] }]))
    for (const a of apps) if (a.repoURL) byUrl.set(a.repoURL, { url: a.repoURL, ...byUrl.get(a.repoURL), apps: [...(byUrl.get(a.repoURL)?.apps ?? []), a.name] })
    return [...byUrl.values()].sort((a, b) => a.url.localeCompare(b.url))
  }, [stored, apps])
  const check = useCallback(
    async (target: string): Promise<Connection> => {
      try {
        const result = await api.testRepo(target)
        return { state: 'done', ok: result.ok, message: result.message }
      } catch (e) {
        return { state: 'done', ok: false, message: errorText(e) }
      }
    },
    [api],
  )
  const test = useCallback(
    async (target: string) => {
      setConnections((c) => ({ ...c, [target]: { state: 'testing' } }))
      const connection = await check(target)
      setConnections((c) => ({ ...c, [target]: connection }))
    },
    [check],
  )
  // The status of each repository once the list is known (each URL once; Test reads it again).
  const urls = rows.map((r) => r.url).join('\n')
  useEffect(() => {
    for (const u of urls ? urls.split('\n') : []) void test(u)
  }, [urls, test])

  return (
    <section className="settings repos-page" aria-label="Repositories">
      <div className="actions">
        <h1>Repositories</h1>
        <span className="spacer" />
        <button onClick={onSettings}>Add credentials in Settings</button>
      </div>
      <ErrorAlert error={error} />
      {stored && rows.length === 0 && <p className="muted">No repositories yet: an app's repository is listed here once the app is added.</p>}
      {rows.length > 0 && (
        <table aria-label="Repository list">
          <thead>
            <tr>
              <th>Repository</th>
              <th>Credentials</th>
              <th>Apps</th>
              <th>Connection</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.url} data-repo={r.url}>
                <td className="mono small">
                  {r.url} {r.stored?.type === 'helm' && <span className="muted">(Helm charts)</span>}
                </td>
                <td className="small">{r.stored ? [r.stored.username && `user ${r.stored.username}`, r.stored.hasPassword && 'password set', r.stored.hasSshKey && 'SSH key set'].filter(Boolean).join(', ') || 'none' : <span className="muted">public</span>}</td>
                <td>
                  <AppLinks names={r.apps} onOpenApp={onOpenApp} />
                </td>
                <td className="small" data-testid="connection">
                  <ConnectionCell connection={connections[r.url]} />
                </td>
                <td>
                  <button onClick={() => void test(r.url)} disabled={connections[r.url]?.state === 'testing'} aria-label={`Test ${r.url}`}>
                    Test
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="app-form repo-try"
        aria-label="Test a repository URL"
        onSubmit={(e) => {
          e.preventDefault()
          const target = url.trim()
          if (!target) return
          setTried({ url: target, connection: { state: 'testing' } })
          void check(target).then((connection) => setTried({ url: target, connection }))
        }}
      >
        <label>
          Repository URL to test
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://github.com/argoproj/argocd-example-apps.git" spellCheck={false} />
        </label>
        <button type="submit" disabled={!url.trim() || tried?.connection.state === 'testing'}>
          Test URL
        </button>
        {tried && (
          <p role={tried.connection.state === 'done' && !tried.connection.ok ? 'alert' : 'status'} data-testid="tried">
            <ConnectionCell connection={tried.connection} />
          </p>
        )}
      </form>
    </section>
  )
}
