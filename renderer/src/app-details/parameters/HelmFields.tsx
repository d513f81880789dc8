import { useState } from 'react'
import { Plus, X } from 'lucide-react'
import type { HelmOptions, HelmParameter } from './app-parameters'

/**
 * Helm's options of the app's source, as Argo CD's Parameters tab edits them: value files,
 * values (YAML text) and parameters (name=value, as argocd app set -p). Rows are kept here, so
 * a new empty row stays until it is filled; each change is reported whole.
 */
export function HelmFields({ initial, onChange }: { initial: HelmOptions; onChange(helm: HelmOptions): void }) {
  const [helm, setHelm] = useState(initial)
  const change = (next: HelmOptions) => {
    setHelm(next)
    onChange(next)
  }
  const setParameter = (i: number, p: Partial<HelmParameter>) => change({ ...helm, parameters: helm.parameters.map((x, j) => (j === i ? { ...x, ...p } : x)) })
  return (
    <fieldset className="params-group" aria-label="Helm">
      <legend>Helm</legend>
      <div className="params-list" role="group" aria-label="Value files">
        <span className="params-label">Value files</span>
        {helm.valueFiles.map((f, i) => (
          <div className="params-row" key={i}>
            <input aria-label={`Value file ${i + 1}`} value={f} onChange={(e) => change({ ...helm, valueFiles: helm.valueFiles.map((x, j) => (j === i ? e.target.value : x)) })} />
            <button type="button" className="icon" aria-label={`Remove value file ${i + 1}`} onClick={() => change({ ...helm, valueFiles: helm.valueFiles.filter((_, j) => j !== i) })}>
              <X size={14} aria-hidden />
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => change({ ...helm, valueFiles: [...helm.valueFiles, ''] })}>
          <Plus size={14} aria-hidden /> Add value file
        </button>
      </div>
      <label className="params-values">
        <span className="params-label">Values (YAML)</span>
        <textarea className="mono" rows={4} spellCheck={false} value={helm.values} onChange={(e) => change({ ...helm, values: e.target.value })} />
      </label>
      <table className="params-table" aria-label="Helm parameters">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            <th scope="col">Force string</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {helm.parameters.map((p, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Helm parameter ${i + 1} name`} className="mono" value={p.name} onChange={(e) => setParameter(i, { name: e.target.value })} />
              </td>
              <td>
                <input aria-label={`Helm parameter ${i + 1} value`} className="mono" value={p.value} onChange={(e) => setParameter(i, { value: e.target.value })} />
              </td>
              <td>
                <input type="checkbox" aria-label={`Helm parameter ${i + 1} as a string`} checked={!!p.forceString} onChange={(e) => setParameter(i, { forceString: e.target.checked })} />
              </td>
              <td>
                <button type="button" className="icon" aria-label={`Remove Helm parameter ${i + 1}`} onClick={() => change({ ...helm, parameters: helm.parameters.filter((_, j) => j !== i) })}>
                  <X size={14} aria-hidden />
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link" onClick={() => change({ ...helm, parameters: [...helm.parameters, { name: '', value: '' }] })}>
        <Plus size={14} aria-hidden /> Add parameter
      </button>
    </fieldset>
  )
}
