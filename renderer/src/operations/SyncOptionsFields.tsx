import { optionBoxes, propagationPolicies, type SyncExtras } from './sync-extras'

/** The sync options, prune propagation, retry and revision of Argo CD's sync panel; all checkboxes, radios and text fields. */
export function SyncOptionsFields({ value, onChange }: { value: SyncExtras; onChange(v: SyncExtras): void }) {
  const retry = (r: Partial<SyncExtras['retry']>) => onChange({ ...value, retry: { ...value.retry, ...r } })
  return (
    <>
      <fieldset className="sync-options">
        <legend>Sync options</legend>
        {optionBoxes.map((b) => (
          <label key={b.name} title={`${b.name}=${b.on}`}>
            <input type="checkbox" checked={value.options[b.name] ?? false} onChange={(e) => onChange({ ...value, options: { ...value.options, [b.name]: e.target.checked } })} /> {b.label}
          </label>
        ))}
      </fieldset>
      <fieldset className="sync-options" role="radiogroup" aria-label="Prune propagation policy">
        <legend>Prune propagation policy</legend>
        {propagationPolicies.map((p) => (
          <label key={p}>
            <input type="radio" name="propagation" checked={value.propagation === p} onChange={() => onChange({ ...value, propagation: p })} /> {p}
          </label>
        ))}
      </fieldset>
      <fieldset className="sync-options">
        <legend>Retry</legend>
        <label>
          <input type="checkbox" checked={value.retry.on} onChange={(e) => retry({ on: e.target.checked })} /> Retry a failed sync
        </label>
        {value.retry.on && (
          <div className="sync-retry">
            <label>
              Limit <input inputMode="numeric" value={value.retry.limit} onChange={(e) => retry({ limit: e.target.value })} />
            </label>
            <label>
              Backoff duration <input value={value.retry.duration} onChange={(e) => retry({ duration: e.target.value })} />
            </label>
            <label>
              Factor <input inputMode="numeric" value={value.retry.factor} onChange={(e) => retry({ factor: e.target.value })} />
            </label>
            <label>
              Max duration <input value={value.retry.maxDuration} onChange={(e) => retry({ maxDuration: e.target.value })} />
            </label>
          </div>
        )}
      </fieldset>
      <label className="sync-revision">
        Revision <input className="mono" value={value.revision} placeholder="the source's target revision" onChange={(e) => onChange({ ...value, revision: e.target.value })} />
      </label>
    </>
  )
}
