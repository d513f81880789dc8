/**
 * A consent given by typing a word (a protected context's name, or the app's name before its
 * deletion): the caller compares what was typed; the engine checks it again.
 */
export function TypedConfirmation(props: { why?: string; word: string; label: string; value: string; onChange(value: string): void }) {
  return (
    <label className="confirm">
      {props.why ? `${props.why} Type` : 'Type'} <strong>{props.word}</strong> to confirm:
      <input aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value)} autoFocus />
    </label>
  )
}
