import { useState } from 'react'
import type { GitopsApi, Settings } from '../../../shared/api'
import type { CustomizationType } from '../../../shared/model'
import { errorText } from '../state/errors'

const typeNames: Record<CustomizationType, string> = { health: 'Health check (Lua)', ignoreDifferences: 'Ignore differences', actions: 'Actions (Lua)' }
const kindName = (key: string) => (key === '*/*' ? 'all kinds' : key.startsWith('/') ? key.slice(1) : key)
const lines = (text: string) => {
  const count = text.trimEnd().split('\n').length
  return `${count} line${count === 1 ? '' : 's'} of Lua`
}

const example = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
data:
  resource.customizations.health.example.com_Widget: |
    hs = {}
    hs.status = "Healthy"
    return hs
`

/**
 * Argo CD's resource customizations as the settings hold them: each health check, ignore rule
 * and action set by kind, shown, editable as the argocd-cm YAML an Argo CD user keeps (what the
 * editor shows is what is applied), removable; exclusions and compare options below.
 */
export function Customizations({ api, settings, onChanged, onMessage }: { api: GitopsApi; settings: Settings; onChanged(): Promise<void>; onMessage(m: { kind: 'error' | 'ok'; text: string }): void }) {
  const [text, setText] = useState('')
  const c = settings.customizations
  const rows: { type: CustomizationType; kind: string; detail: string }[] = [
    ...Object.entries(settings.healthScripts).map(([kind, script]) => ({ type: 'health' as const, kind, detail: `${lines(script)}${settings.healthOpenLibs.includes(kind) ? ' (with string and math)' : ''}` })),
    ...Object.entries(c.ignoreDifferences).map(([kind, rule]) => ({ type: 'ignoreDifferences' as const, kind, detail: [...(rule.jsonPointers ?? []), ...(rule.jqPathExpressions ?? []), ...(rule.managedFieldsManagers ?? []).map((m) => `fields of ${m}`)].join(', ') })),
    ...Object.entries(c.actions).map(([kind, set]) => ({ type: 'actions' as const, kind, detail: `${set.definitions.map((d) => d.name).join(', ')}${set.mergeBuiltinActions ? " (beside Argo CD's own)" : ''}` })),
  ]
  const run = async (work: () => Promise<string>) => {
    try {
      onMessage({ kind: 'ok', text: await work() })
      await onChanged()
    } catch (e) {
      onMessage({ kind: 'error', text: errorText(e) })
    }
  }
  return (
    <>
      <h2>Resource customizations</h2>
      <p className="muted">Argo CD&apos;s argocd-cm customizations: health checks and actions in Lua, differences to ignore, kinds never watched. A kind&apos;s own customization wins over Argo CD&apos;s bundled script and the compiled rule.</p>
      {rows.length === 0 ? (
        <p className="muted">None yet. Paste an argocd-cm below, or run gitops-desk settings import argocd-cm.yaml.</p>
      ) : (
        <table aria-label="Resource customizations">
          <thead>
            <tr>
              <th>Customization</th>
              <th>Kind</th>
              <th>What</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.type}:${r.kind}`}>
                <td>{typeNames[r.type]}</td>
                <td className="mono">{kindName(r.kind)}</td>
                <td>{r.detail}</td>
                <td>
                  <button className="quiet" onClick={() => void run(async () => (setText((await api.customizationYaml(r.type, r.kind)).yaml), `Editing ${typeNames[r.type].toLowerCase()} of ${kindName(r.kind)} below`))}>Edit</button>{' '}
                  <button className="quiet danger" onClick={() => void run(async () => (await api.removeCustomization(r.type, r.kind), `Removed ${typeNames[r.type].toLowerCase()} of ${kindName(r.kind)}`))}>Remove</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted" aria-label="Resource filters">
        {c.exclusions.length} exclusion{c.exclusions.length === 1 ? '' : 's'}, {c.inclusions.length} inclusion{c.inclusions.length === 1 ? '' : 's'} (resource.exclusions / inclusions); aggregated ClusterRoles&apos; rules {c.ignoreAggregatedRoles ? 'ignored' : 'compared'}.
      </p>
      <form
        className="app-form"
        aria-label="Apply argocd-cm"
        onSubmit={(e) => {
          e.preventDefault()
          void run(async () => {
            const result = await api.importArgoSettings(text)
            setText('')
            return [`Applied: ${result.read.join('; ') || 'nothing GitOps Desk reads'}`, ...result.skipped.map((s) => `skipped ${s.key}: ${s.reason}`)].join('. ')
          })
        }}
      >
        <label>
          argocd-cm YAML <textarea className="mono" required value={text} onChange={(e) => setText(e.target.value)} rows={10} placeholder={example} spellCheck={false} />
        </label>
        <button type="submit">Apply</button>
      </form>
    </>
  )
}
