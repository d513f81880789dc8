// Kubernetes object names as Argo CD requires them for Applications and ApplicationSets: a
// DNS-1123 subdomain (the API server refuses anything else, and so does the ApplicationSet
// controller for the apps it generates). One rule for the form, the YAML, the CLI and the API.

export const maxNameLength = 253

const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
/** A DNS-1123 subdomain: dot-separated labels of lower-case letters, digits and '-'. */
export const dns1123Subdomain = new RegExp(`^${label}(\\.${label})*$`)

/**
 * The same rule for an <input pattern>: browsers compile it with the `v` flag, where '-' in a
 * class must be escaped (an invalid pattern is ignored, and the browser checks nothing).
 */
export const namePattern = `${label.replaceAll('[-', '[\\-')}(\\.${label.replaceAll('[-', '[\\-')})*`

/** Why a name is not a valid Kubernetes name, or null when it is. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'a name is required'
  if (name.length > maxNameLength) return `must be no more than ${maxNameLength} characters (it has ${name.length})`
  if (!dns1123Subdomain.test(name)) return "must be a lower-case DNS-1123 name: letters a-z, digits, '-' and '.', starting and ending with a letter or digit"
  return null
}
