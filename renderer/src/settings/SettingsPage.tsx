import { useCallback, useEffect, useState } from 'react'
import type { ClusterInfo, GitopsApi, RepoInfo, RepoType, Settings } from '../../../shared/api'
import { errorText } from '../state/errors'
import { Choice } from '../ui/Choice'
import { BundledKinds } from './BundledKinds'
import { PortForwardsSection } from './PortForwardsSection'
import { ArgoInstancesSection } from './ArgoInstancesSection'
import { Customizations } from './Customizations'
import { Notifications } from './Notifications'
import { NumberSetting } from './NumberSetting'
import { Plugins } from './Plugins'

const themes = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
] as const satisfies readonly { value: Settings['theme']; label: string }[]
const repoTypes = [
  { value: 'git', label: 'Git' },
  { value: 'helm', label: 'Helm chart repository' },
] as const satisfies readonly { value: RepoType; label: string }[]
const importKinds = [
  { value: 'kubeconfig', label: 'a kubeconfig' },
  { value: 'argo-secret', label: 'an Argo CD cluster Secret' },
] as const

/** Repositories (secrets write-only), clusters (import, protect, remove), tools, interval, notifications, theme, resource customizations, Argo CD's bundled kinds. */
export function SettingsPage({ api, clusters, onClustersChanged, onSettings }: { api: GitopsApi; clusters: ClusterInfo[]; onClustersChanged(): void; onSettings(s: Settings): void }) {
  const [repos, setRepos] = useState<RepoInfo[]>([])
  const [settings, setSettings] = useState<Settings | null>(null)
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null)
  // A toggle shows its new state at once; the cluster list catches up when it reloads.
  const [pending, setPending] = useState<Record<string, boolean>>({})
  useEffect(() => setPending({}), [clusters])
  const load = useCallback(async () => {
    setRepos(await api.listRepos())
    setSettings(await api.getSettings())
  }, [api])
  useEffect(() => void load().catch((e: unknown) => setMessage({ kind: 'error', text: errorText(e) })), [load])
  // Settings changed elsewhere (the CLI, another window): the fields show what is stored now.
  useEffect(() => api.onEvents((events) => events.some((e) => e.type === 'settings-changed') && void load().catch(() => undefined)), [api, load])
  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work()
      setMessage({ kind: 'ok', text: done })
      await load()
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) })
    }
  }
  const update = (patch: Parameters<GitopsApi['updateSettings']>[0]) =>
    act(async () => {
      const next = await api.updateSettings(patch)
      onSettings(next)
    }, 'Settings saved')

  return (
    <section className="settings" aria-label="Settings">
      <h1>Settings</h1>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      )}
      <h2>Repositories</h2>
      <p className="muted">Public repositories need nothing here. Passwords, tokens and SSH keys go to the OS keychain and are only ever shown as “set”.</p>
      <table aria-label="Repositories">
        <thead>
          <tr>
            <th>URL</th>
            <th>User</th>
            <th>Password</th>
            <th>SSH key</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {repos.map((r) => (
            <tr key={`${r.scope}:${r.url}`}>
              <td>
                {r.url} {r.type === 'helm' && <span className="muted">(Helm charts{r.enableOCI ? ', OCI' : ''})</span>} {r.scope === 'template' && <span className="muted">(all repos under it)</span>}
              </td>
              <td>{r.username ?? ''}</td>
              <td>{r.hasPassword ? 'set' : '—'}</td>
              <td>{r.hasSshKey ? 'set' : '—'}</td>
              <td>
                <button className="quiet" onClick={() => void act(async () => setMessage({ kind: 'ok', text: (await api.testRepo(r.url)).message }), 'Tested')}>Test</button>{' '}
                <button className="quiet danger" onClick={() => void act(() => api.removeRepo(r.url), `Removed ${r.url}`)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RepoForm onSave={(form) => act(() => api.saveRepo(form), `Saved ${form.url}`)} />

      <h2>Clusters</h2>
      <table aria-label="Clusters">
        <thead>
          <tr>
            <th>Context</th>
            <th>Server</th>
            <th>Reachable</th>
            <th>Protected</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {clusters.map((c) => (
            <tr key={c.name}>
              <td>
                {c.name} {c.active && <span className="muted">(active)</span>}
              </td>
              <td>{c.server}</td>
              <td>{c.reachable ? `yes${c.version ? ` (${c.version})` : ''}` : `no: ${c.reason ?? ''}`}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Protect ${c.name}`}
                  checked={pending[c.name] ?? c.protected}
                  onChange={(e) => {
                    const on = e.target.checked
                    setPending((p) => ({ ...p, [c.name]: on }))
                    void act(() => api.protectCluster(c.name, on).then(onClustersChanged), on ? `${c.name} is protected` : `${c.name} is not protected`)
                  }}
                />
              </td>
              <td>{c.imported && <button className="quiet danger" onClick={() => void act(() => api.removeCluster(c.name).then(onClustersChanged), `Removed ${c.name}`)}>Remove</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ClusterImport onImport={(request) => act(() => api.importCluster(request).then(onClustersChanged), 'Cluster imported')} />
      <PortForwardsSection api={api} />
      {settings && <ArgoInstancesSection api={api} clusters={clusters} settings={settings} onSettings={(s) => (setSettings(s), onSettings(s))} />}

      {settings && (
        <>
          <h2>Engine</h2>
          <form className="app-form" onSubmit={(e) => e.preventDefault()}>
            <NumberSetting label="Reconcile interval (seconds)" value={settings.reconcileIntervalSeconds} min={10} max={86_400} onSave={(value) => update({ reconcileIntervalSeconds: value })} />
            <label>
              helm path <input defaultValue={settings.helmPath ?? ''} placeholder="helm on PATH" onBlur={(e) => void update({ helmPath: e.target.value || null })} />
            </label>
            <label>
              kustomize path <input defaultValue={settings.kustomizePath ?? ''} placeholder="kustomize on PATH" onBlur={(e) => void update({ kustomizePath: e.target.value || null })} />
            </label>
            <NumberSetting
              label="Exec timeout (seconds)"
              title="Argo CD's exec timeout: a helm, kustomize, Jsonnet or plugin command running longer is stopped"
              value={settings.execTimeoutSeconds}
              min={1}
              max={3600}
              onSave={(value) => update({ execTimeoutSeconds: value })}
            />
            <NumberSetting
              label="Tool memory limit (MiB)"
              title="A helm, kustomize or plugin command holding more memory, with all it started, is stopped (Linux only)"
              value={settings.toolMemoryLimitMiB}
              min={64}
              max={65536}
              onSave={(value) => update({ toolMemoryLimitMiB: value })}
            />
            <NumberSetting label="Operations running at once" title="Argo CD's operation processors: more syncs wait in a queue and start in order" value={settings.maxRunningOperations} min={1} max={1000} onSave={(value) => update({ maxRunningOperations: value })} />
            <label title="Argo CD's kustomize.buildOptions: --enable-helm lets kustomizations with helmCharts render">
              Kustomize build options <input defaultValue={settings.kustomizeBuildOptions ?? ''} placeholder="e.g. --enable-helm" onBlur={(e) => void update({ kustomizeBuildOptions: e.target.value.trim() || null })} />
            </label>
            <label>
              <input type="checkbox" checked={settings.notifications} onChange={(e) => void update({ notifications: e.target.checked })} /> Desktop notifications
            </label>
            <Choice label="Theme" value={settings.theme} options={themes} onChange={(theme) => void update({ theme })} />
          </form>
          <Notifications api={api} contexts={clusters.map((c) => c.name)} onMessage={setMessage} />
          <Customizations api={api} settings={settings} onChanged={load} onMessage={setMessage} />
          <BundledKinds api={api} onMessage={setMessage} />
          <Plugins api={api} onMessage={setMessage} />
        </>
      )}
    </section>
  )
}

function RepoForm({ onSave }: { onSave(form: { url: string; username?: string; password?: string; sshPrivateKey?: string; insecure: boolean; type: RepoType; caData?: string }): Promise<void> }) {
  const [url, setUrl] = useState('')
  const [type, setType] = useState<RepoType>('git')
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [key, setKey] = useState('')
  const [ca, setCa] = useState('')
  return (
    <form
      className="app-form"
      aria-label="Add repository"
      onSubmit={(e) => {
        e.preventDefault()
        void onSave({ url, type, insecure: false, ...(username ? { username } : {}), ...(password ? { password } : {}), ...(key && type === 'git' ? { sshPrivateKey: key } : {}), ...(ca.trim() ? { caData: ca } : {}) }).then(() => {
          setPassword('')
          setKey('')
        })
      }}
    >
      <Choice label="Type" value={type} options={repoTypes} onChange={setType} />
      <label>
        Repository URL <input required value={url} onChange={(e) => setUrl(e.target.value)} placeholder={type === 'helm' ? 'https://charts.example.com' : 'https://git.example.com/team/apps.git'} />
      </label>
      <label>
        Username <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      </label>
      <label>
        Password or token <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
      </label>
      {type === 'git' && (
        <label>
          SSH private key <textarea value={key} onChange={(e) => setKey(e.target.value)} rows={3} />
        </label>
      )}
      <label>
        CA certificate (PEM, for a private CA) <textarea value={ca} onChange={(e) => setCa(e.target.value)} rows={2} />
      </label>
      <button type="submit">Save repository</button>
    </form>
  )
}

function ClusterImport({ onImport }: { onImport(request: Parameters<GitopsApi['importCluster']>[0]): Promise<void> }) {
  const [text, setText] = useState('')
  const [context, setContext] = useState('')
  const [kind, setKind] = useState<'kubeconfig' | 'argo-secret'>('kubeconfig')
  return (
    <form
      className="app-form"
      aria-label="Import cluster"
      onSubmit={(e) => {
        e.preventDefault()
        void onImport(kind === 'kubeconfig' ? { kind, text, context } : { kind, text }).then(() => setText(''))
      }}
    >
      <Choice label="Import from" value={kind} options={importKinds} onChange={setKind} />
      {kind === 'kubeconfig' && (
        <label>
          Context <input required value={context} onChange={(e) => setContext(e.target.value)} />
        </label>
      )}
      <label>
        YAML <textarea required value={text} onChange={(e) => setText(e.target.value)} rows={4} />
      </label>
      <button type="submit">Import cluster</button>
    </form>
  )
}
