import { useState } from 'react'
import type { AppSummary, CompareSide } from '../../../shared/model'
import { Choice } from '../ui/Choice'

type Mode = 'git' | 'revision' | 'live'
const modes = [
  { value: 'git', label: 'Git (target revision)' },
  { value: 'revision', label: 'Another revision' },
  { value: 'live', label: 'Live' },
] as const

const modeOf = (side: CompareSide): Mode => (side.live ? 'live' : side.revision ? 'revision' : 'git')

/** One side's fields: which app, and Git, a revision or live. Nothing is compared until Compare is pressed. */
function SideFields({ title, apps, side, onChange }: { title: string; apps: AppSummary[]; side: CompareSide; onChange(side: CompareSide): void }) {
  const [mode, setMode] = useState<Mode>(modeOf(side))
  const [revision, setRevision] = useState(side.revision ?? '')
  const change = (next: { app?: string; mode?: Mode; revision?: string }) => {
    const m = next.mode ?? mode
    const r = next.revision ?? revision
    const app = next.app ?? side.app
    onChange(m === 'live' ? { app, live: true } : m === 'revision' && r.trim() ? { app, revision: r.trim() } : { app })
  }
  return (
    <fieldset className="compare-side">
      <legend>{title}</legend>
      <label className="field">
        <span className="field-label">App</span>
        <select aria-label={`${title}: app`} value={side.app} onChange={(e) => change({ app: e.target.value })}>
          {apps.map((a) => (
            <option key={a.name} value={a.name}>
              {a.name} ({a.destination})
            </option>
          ))}
        </select>
      </label>
      <Choice label={`${title}: what`} value={mode} options={modes} onChange={(m) => (setMode(m), change({ mode: m }))} />
      {mode === 'revision' && (
        <label className="field">
          <span className="field-label">Revision (commit, tag or branch)</span>
          <input aria-label={`${title}: revision`} value={revision} onChange={(e) => (setRevision(e.target.value), change({ revision: e.target.value }))} placeholder="v1.2.0" />
        </label>
      )}
    </fieldset>
  )
}

/** Picks the two sides of a compare; the compare runs when the user presses Compare. */
export function ComparePicker({ apps, left, right, onCompare }: { apps: AppSummary[]; left: CompareSide; right: CompareSide | undefined; onCompare(left: CompareSide, right: CompareSide): void }) {
  const [l, setLeft] = useState(left)
  const [r, setRight] = useState<CompareSide>(right ?? { app: left.app, live: !left.live })
  const same = JSON.stringify(l) === JSON.stringify(r)
  return (
    <form
      className="compare-picker"
      aria-label="What to compare"
      onSubmit={(e) => {
        e.preventDefault()
        if (!same) onCompare(l, r)
      }}
    >
      <SideFields title="Left" apps={apps} side={l} onChange={setLeft} />
      <SideFields title="Right" apps={apps} side={r} onChange={setRight} />
      <div className="compare-actions">
        <button type="submit" className="primary" disabled={same} title={same ? 'The two sides are the same thing' : undefined}>
          Compare
        </button>
      </div>
    </form>
  )
}
