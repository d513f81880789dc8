import { UserError } from '../errors'
import { renderGoTemplates } from './go-template'
import type { Params } from './params'

/** The template options of an ApplicationSet that rendering needs. */
export interface TemplateMode {
  goTemplate: boolean
  goTemplateOptions: string[]
}

const tag = /\{\{(.*?)\}\}/g

/**
 * Argo CD's default templating (fasttemplate): `{{ name }}` becomes the parameter's value when it
 * is a string; anything else, or an unknown name, stays as written.
 */
export function replaceTags(text: string, params: Params): string {
  if (!text.includes('{{')) return text
  return text.replace(tag, (whole, inner: string) => {
    const name = inner.trim()
    const value = params[name]
    return name && typeof value === 'string' ? value : whole
  })
}

/** Every string value in a JSON value (keys stay), in a fixed order, with a setter for each. */
function strings(value: unknown): { text: string; set(next: string): void }[] {
  const found: { text: string; set(next: string): void }[] = []
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((item, i) => (typeof item === 'string' ? found.push({ text: item, set: (n) => void (v[i] = n) }) : walk(item)))
    else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (typeof item === 'string') found.push({ text: item, set: (n) => void ((v as Params)[k] = n) })
        else walk(item)
      }
    }
  }
  walk(value)
  return found
}

/**
 * A copy of a JSON value with each string rendered against the parameters, as Argo CD renders a
 * template or a generator: fasttemplate by default, Go's text/template with goTemplate.
 */
export async function renderDeep<T>(value: T, params: Params, mode: TemplateMode): Promise<T> {
  const copy = structuredClone(value)
  const found = strings(copy)
  if (!mode.goTemplate) {
    for (const s of found) s.set(replaceTags(s.text, params))
    return copy
  }
  const rendered = await renderGoTemplates({ templates: found.map((s) => s.text), params, options: mode.goTemplateOptions })
  found.forEach((s, i) => s.set(rendered[i]!))
  return copy
}

/** One string rendered as Argo CD's Replace does (a generator's `values`, an app's name). */
export async function renderString(text: string, params: Params, mode: TemplateMode): Promise<string> {
  if (!mode.goTemplate) return replaceTags(text, params)
  const [out] = await renderGoTemplates({ templates: [text], params, options: mode.goTemplateOptions })
  if (out === undefined) throw new UserError('Invalid', 'the Go template renderer returned nothing', 'goTemplate')
  return out
}
