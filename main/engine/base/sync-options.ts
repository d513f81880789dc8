/**
 * The value of one sync option (`Name=value`) in a list where later entries win: the app's
 * options come first and a resource's own annotation after them. Undefined when not set.
 */
export function optionOf(options: readonly string[], name: string): string | undefined {
  let value: string | undefined
  for (const option of options) {
    const [key, ...rest] = option.split('=')
    if (key?.trim() === name) value = rest.join('=').trim().toLowerCase()
  }
  return value
}
