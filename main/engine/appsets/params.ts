import { UserError } from '../base/errors'

export type Params = Record<string, unknown>

/** Argo CD's normalize (SanitizeName): a DNS-1123 subdomain of a name. */
export function normalize(name: string): string {
  return name.toLowerCase().replace(/[^-a-z0-9.]/g, '-').slice(0, 253).replace(/^[-.]+|[-.]+$/g, '')
}

/** Go's fmt %v of a JSON value, as Argo CD turns parameters into strings. */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return '<nil>'
  if (typeof value === 'number') return goFloat(value)
  if (typeof value === 'boolean' || typeof value === 'string') return String(value)
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`
  return `map[${Object.keys(value as object).sort().map((k) => `${k}:${goString((value as Params)[k])}`).join(' ')}]`
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, an exponent from 1e+06 and below 1e-04. */
function goFloat(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN'
  if (value === 0) return Object.is(value, -0) ? '-0' : '0'
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string]
  const exp = Number(exponent)
  if (exp < -4 || exp >= 21 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(value)
}

/** flatten.Flatten in dot style: nested maps and lists become `a.b` and `a.0` keys (an empty one none), values %v. */
export function flatten(value: Params, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (v: unknown, key: string) => {
    if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v as object)) walk(inner, `${key}.${k}`)
    else out[key] = goString(v)
  }
  for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k)
  return out
}

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

/** Kubernetes label selector semantics (In, NotIn, Exists, DoesNotExist); an empty selector matches all. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key)
    const values = e.values ?? []
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false
        break
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false
        break
      case 'Exists':
        if (!has) return false
        break
      case 'DoesNotExist':
        if (has) return false
        break
      default:
        throw new UserError('Invalid', `selector: "${e.operator}" is not a valid operator (In, NotIn, Exists, DoesNotExist)`, 'selector.matchExpressions')
    }
  }
  return true
}
