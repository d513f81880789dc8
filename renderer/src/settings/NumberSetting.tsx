import { useEffect, useId, useState } from 'react'
import { wholeNumberProblem } from './number-problem'

/**
 * A numeric setting checked where it is typed: a refused value is sent nowhere, stays in the
 * field so it can be corrected, and the message beside it says what is allowed and what is kept.
 * A good value is saved when the field is left (or on Enter). Bounds are the settings schema's.
 */
export function NumberSetting({ label, title, value, min, max, onSave }: { label: string; title?: string; value: number; min: number; max?: number; onSave(value: number): unknown }) {
  const [text, setText] = useState(String(value))
  // Checked once the field is left (or Enter pressed), then as it is corrected: no message mid-typing.
  const [checked, setChecked] = useState(false)
  const errorId = useId()
  // The stored value changed (saved here, or elsewhere): the field shows it.
  useEffect(() => {
    setText(String(value))
    setChecked(false)
  }, [value])
  const problem = checked ? wholeNumberProblem(text, min, max) : null
  const save = () => {
    setChecked(true)
    if (wholeNumberProblem(text, min, max) === null && Number(text) !== value) void onSave(Number(text))
  }
  return (
    <label title={title}>
      {label}
      <input
        type="number"
        inputMode="numeric"
        step={1}
        min={min}
        max={max}
        value={text}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errorId : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      {problem && (
        <span id={errorId} className="field-error" role="alert">
          {problem} Not saved: it stays {value}.
        </span>
      )}
    </label>
  )
}
