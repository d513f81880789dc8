/** Why a typed value is refused, or null: a whole number within the setting's bounds. */
export function wholeNumberProblem(text: string, min: number, max?: number): string | null {
  const range = max === undefined ? `a whole number, at least ${min}` : `a whole number from ${min} to ${max}`
  if (text.trim() === '') return `Enter ${range}.`
  const value = Number(text)
  if (!Number.isFinite(value) || !Number.isInteger(value)) return `Enter ${range}, not ${text.trim()}.`
  if (value < min) return `Enter ${range}: ${value} is too small.`
  if (max !== undefined && value > max) return `Enter ${range}: ${value} is too large.`
  return null
}
