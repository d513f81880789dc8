import { useState } from 'react'
import { Plus, X } from 'lucide-react'
import type { KustomizeOptions } from './app-parameters'

/** Kustomize's options of the app's source, as Argo CD's Parameters tab edits them: images, name prefix and suffix, replicas. */
export function KustomizeFields({ initial, onChange }: { initial: KustomizeOptions; onChange(k: KustomizeOptions): void }) {
  const [k, setK] = useState(initial)
  const change = (next: KustomizeOptions) => {
    setK(next)
    onChange(next)
  }
  return (
    <fieldset className="params-group" aria-label="Kustomize">
      <legend>Kustomize</legend>
      <div className="params-row">
        <label>
          <span className="params-label">Name prefix</span>
          <input className="mono" value={k.namePrefix} onChange={(e) => change({ ...k, namePrefix: e.target.value })} />
        </label>
        <label>
          <span className="params-label">Name suffix</span>
          <input className="mono" value={k.nameSuffix} onChange={(e) => change({ ...k, nameSuffix: e.target.value })} />
        </label>
      </div>
      <div className="params-list" role="group" aria-label="Images">
        <span className="params-label">Images (name=newName:tag, name:tag)</span>
        {k.images.map((image, i) => (
          <div className="params-row" key={i}>
            <input aria-label={`Image ${i + 1}`} className="mono" value={image} onChange={(e) => change({ ...k, images: k.images.map((x, j) => (j === i ? e.target.value : x)) })} />
            <button type="button" className="icon" aria-label={`Remove image ${i + 1}`} onClick={() => change({ ...k, images: k.images.filter((_, j) => j !== i) })}>
              <X size={14} aria-hidden />
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => change({ ...k, images: [...k.images, ''] })}>
          <Plus size={14} aria-hidden /> Add image
        </button>
      </div>
      <div className="params-list" role="group" aria-label="Replicas">
        <span className="params-label">Replicas</span>
        {k.replicas.map((r, i) => (
          <div className="params-row" key={i}>
            <input aria-label={`Replicas ${i + 1} resource name`} className="mono" value={r.name} onChange={(e) => change({ ...k, replicas: k.replicas.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
            <input aria-label={`Replicas ${i + 1} count`} type="number" min={0} value={Number.isNaN(r.count) ? '' : r.count} onChange={(e) => change({ ...k, replicas: k.replicas.map((x, j) => (j === i ? { ...x, count: e.target.value === '' ? NaN : Number(e.target.value) } : x)) })} />
            <button type="button" className="icon" aria-label={`Remove replicas ${i + 1}`} onClick={() => change({ ...k, replicas: k.replicas.filter((_, j) => j !== i) })}>
              <X size={14} aria-hidden />
            </button>
          </div>
        ))}
        <button type="button" className="link" onClick={() => change({ ...k, replicas: [...k.replicas, { name: '', count: 1 }] })}>
          <Plus size={14} aria-hidden /> Add replicas
        </button>
      </div>
    </fieldset>
  )
}
