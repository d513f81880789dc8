import { useEffect, useMemo, useState } from 'react'
import YAML from 'yaml'
import type { GitopsApi } from '../../../shared/api'
import { errorText } from '../state/errors'
import { parsed, shown, type Value } from './plugin-values'

type Announced = Awaited<ReturnType<GitopsApi['pluginParameters']>>
/**
 * An app's plugin parameters as fields, as Argo CD's UI shows them: what the plugin announces
 * (static, and its parameters.dynamic command's), each with its title, tooltip and default; a
 * value typed goes into the Application YAML (source.plugin.parameters), comments kept.
 */
export function PluginParameters({ api, name, yaml, onYaml }: { api: GitopsApi; name: string; yaml: string; onYaml(text: string): void }) {
  const [announced, setAnnounced] = useState<Announced | null>(null)
  const [error, setError] = useState<string | null>(null)
  const doc = useMemo(() => {
    const d = YAML.parseDocument(yaml)
    return d.errors.length ? null : d
  }, [yaml])
  const hasPlugin = !!doc?.getIn(['spec', 'source', 'plugin'])
  useEffect(() => {
    if (!hasPlugin) return
    api.pluginParameters(name).then(setAnnounced, (e: unknown) => setError(errorText(e)))
  }, [api, name, hasPlugin])
  if (!hasPlugin || !doc) return null
  const current = ((doc.getIn(['spec', 'source', 'plugin', 'parameters']) as YAML.YAMLSeq | undefined)?.toJSON() ?? []) as Value[]
  const change = (value: Value) => {
    const next = [...current.filter((c) => c.name !== value.name), value].filter((v) => shown(v) !== '')
    doc.setIn(['spec', 'source', 'plugin', 'parameters'], next)
    onYaml(doc.toString())
  }
  return (
    <fieldset className="app-form" aria-label="Plugin parameters">
      <legend>Plugin parameters{announced ? ` (${announced.plugin})` : ''}</legend>
      {error && <p className="error">{error}</p>}
      {!announced && !error && <p className="muted">Asking the plugin…</p>}
      {announced?.parameters.length === 0 && <p className="muted">The plugin announces no parameters.</p>}
      {announced?.parameters.map((p) => (
        <label key={p.name} title={p.tooltip}>
          {p.title ?? p.name}
          {p.required ? ' *' : ''}
          {p.collectionType && p.collectionType !== 'string' ? <span className="muted small"> ({p.collectionType === 'array' ? 'a, b' : 'k=v, k2=v2'})</span> : null}
          <input
            aria-label={`Parameter ${p.name}`}
            value={shown(current.find((c) => c.name === p.name))}
            placeholder={shown({ name: p.name, ...(p.string !== undefined ? { string: p.string } : {}), ...(p.array ? { array: p.array } : {}), ...(p.map ? { map: p.map } : {}) })}
            onChange={(e) => change(parsed(p.name, p.collectionType, e.target.value))}
          />
        </label>
      ))}
    </fieldset>
  )
}
