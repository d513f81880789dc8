import type { ButtonHTMLAttributes } from 'react'

/**
 * The button hierarchy (styles.css, Controls): one primary per screen (Sync on the app page),
 * secondary for every other command, quiet for dense toolbars and rows, danger for what destroys.
 * A plain <button className="primary|quiet|danger"> is the same thing; this names the choice.
 */
export type ButtonVariant = 'primary' | 'secondary' | 'quiet' | 'danger' | 'link'

export function buttonClass(variant: ButtonVariant = 'secondary', extra?: string): string | undefined {
  const own = variant === 'secondary' ? '' : variant
  return [own, extra].filter(Boolean).join(' ') || undefined
}

export function Button({ variant = 'secondary', className, type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={buttonClass(variant, className)} {...rest} />
}
