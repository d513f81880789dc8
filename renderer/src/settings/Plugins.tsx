import { useCallback, useEffect, useState } from 'react'
import type { GitopsApi, PluginInfo } from '../../../shared/api'
import { errorText } from '../state/errors'
import { Choice } from '../ui/Choice'

/**
 * Config management plugins: each with how it is discovered, its parameters, its secrets (names
 * only: values go to the keychain and are never shown) and the apps that use it; a plugin.yaml to
 * add one; a secret to set (write-only).
 */
export function Plugins({ api, onMessage }: { api: GitopsApi; onMessage(m: { kind: 'error' | 'ok'; text: string }): void }) {
  const [plugins, setPlugins] = useState<PluginInfo[]>([])
  const [yaml, setYaml] = useState('')
  const [secret, setSecret] = useState({ plugin: '', name: '', value: '' })
  const load = useCallback(async () => setPlugins(await api.listPlugins()), [api])
  useEffect(() => void load().catch((e: unknown) => onMessage({ kind: 'error', text: errorText(e) })), [load, onMessage])
  const run = async (work: () => Promise<string>) => {
    try {
      onMessage({ kind: 'ok', text: await work() })
      await load()
    } catch (e) {
      onMessage({ kind: 'error', text: errorText(e) })
    }
  }
  return (
    <>
      <h2>Config management plugins</h2>
      <p className="muted">Argo CD&apos;s plugin.yaml, run on this machine with its own tools. A plugin&apos;s secrets reach it in its environment only.</p>
      {plugins.length > 0 && (
        <table aria-label="Plugins">
          <thead>
            <tr>
              <th>Plugin</th>
              <th>Discovery</th>
              <th>Parameters</th>
              <th>Secrets</th>
              <th>Apps</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {plugins.map((p) => (
              <tr key={p.name}>
                <td className="mono">{p.name}</td>
                <td>{p.discover}</td>
                <td>{p.parameters.join(', ') || '—'}</td>
                <td>{p.secrets.map((s) => `${s} (set)`).join(', ') || '—'}</td>
                <td>{p.apps.join(', ') || '—'}</td>
                <td>
                  <button className="quiet danger" onClick={() => void run(async () => (await api.removePlugin(p.name), `Removed ${p.name}`))}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="app-form"
        aria-label="Add plugin"
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            const { added } = await api.addPlugins(yaml)
            setYaml('')
            return `Added ${added.join(', ')}`
          })
        }}
      >
        <label>
          plugin.yaml <textarea className="mono" required rows={6} spellCheck={false} value={yaml} onChange={(e) => setYaml(e.target.value)} placeholder="apiVersion: argoproj.io/v1alpha1&#10;kind: ConfigManagementPlugin&#10;…" />
        </label>
        <button type="submit">Add plugin</button>
      </form>
      <form
        className="app-form"
        aria-label="Plugin secret"
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            await api.setPluginSecret(secret.plugin, secret.name, secret.value)
            setSecret((s) => ({ ...s, value: '' }))
            return `${secret.name} stored in the keychain for ${secret.plugin}`
          })
        }}
      >
        <Choice label="Plugin" required value={secret.plugin} options={plugins.map((p) => ({ value: p.name, label: p.name }))} onChange={(plugin) => setSecret((s) => ({ ...s, plugin }))} />
        <label>
          Environment variable <input required value={secret.name} onChange={(e) => setSecret((s) => ({ ...s, name: e.target.value }))} placeholder="VAULT_TOKEN" />
        </label>
        <label>
          Secret value <input required type="password" autoComplete="new-password" value={secret.value} onChange={(e) => setSecret((s) => ({ ...s, value: e.target.value }))} />
        </label>
        <button type="submit">Store secret</button>
      </form>
    </>
  )
}
