import * as RadioGroup from '@radix-ui/react-radio-group'
import { useId } from 'react'

export interface ChoiceOption<T extends string> {
  value: T
  label: string
}

/**
 * A choice that changes state (theme, a form's kind), as a segmented radio group (Radix): never a
 * native <select>. Its label names the group, so `getByRole('radiogroup', { name })` finds it.
 */
export function Choice<T extends string>(props: { label: string; value: NoInfer<T> | ''; options: readonly ChoiceOption<T>[]; onChange(value: NoInfer<T>): void; required?: boolean; title?: string; /** The id of the text that says why the choice was refused. */ errorId?: string | undefined }) {
  const id = useId()
  return (
    <div className="field" title={props.title}>
      <span id={id} className="field-label">
        {props.label}
      </span>
      <RadioGroup.Root className="choice" aria-labelledby={id} value={props.value} required={props.required} orientation="horizontal" aria-invalid={props.errorId ? true : undefined} aria-describedby={props.errorId} onValueChange={(value) => props.onChange(value as T)}>
        {props.options.map((o) => (
          <RadioGroup.Item key={o.value} value={o.value}>
            {o.label}
          </RadioGroup.Item>
        ))}
      </RadioGroup.Root>
    </div>
  )
}
