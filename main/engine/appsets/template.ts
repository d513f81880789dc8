import { UserError } from '../base/errors'
import { GoTemplateError, renderGoTemplates } from './go-template'
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

/** A template string that failed to render, named by its field (e.g. template.metadata.name). */
export class TemplateFieldError extends UserError {
  override name = 'TemplateFieldError'
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('Invalid', `${field}: ${reason}`, field)
  }
}

interface Found {
  text: string
  path: string
  set(next: string): void
}

/** Every string value in a JSON value (keys stay), in a fixed order, with its path and a setter. */
function strings(value: unknown, root: string): Found[] {
  const found: Found[] = []
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((item, i) => (typeof item === 'string' ? found.push({ text: item, path: `${at}[${i}]`, set: (n) => void (v[i] = n) }) : walk(item, `${at}[${i}]`)))
    else if (v && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        if (typeof item === 'string') found.push({ text: item, path: `${at}.${k}`, set: (n) => void ((v as Params)[k] = n) })
        else walk(item, `${at}.${k}`)
      }
    }
  }
  walk(value, root)
  return found
}

/**
 * A copy of a JSON value with each string rendered against the parameters, as Argo CD renders a
 * template or a generator: fasttemplate by default, Go's text/template with goTemplate. An error
 * names the field that failed, under `root` (one batch renders them all; the batch knows which).
 */
export async function renderDeep<T>(value: T, params: Params, mode: TemplateMode, root = 'template'): Promise<T> {
  const copy = structuredClone(value)
  const found = strings(copy, root)
  if (!mode.goTemplate) {
    for (const s of found) s.set(replaceTags(s.text, params))
    return copy
  }
  try {
    const rendered = await renderGoTemplates({ templates: found.map((s) => s.text), params, options: mode.goTemplateOptions })
    found.forEach((s, i) => s.set(rendered[i]!))
  } catch (error) {
    if (error instanceof GoTemplateError) throw new TemplateFieldError(found[error.index]?.path ?? root, error.message)
    throw error
  }
  return copy
}

/** One string rendered as Argo CD's Replace does (a generator's `values`, an app's name); `field` names it in an error. */
export async function renderString(text: string, params: Params, mode: TemplateMode, field = 'template'): Promise<string> {
  if (!mode.goTemplate) return replaceTags(text, params)
  let out: string | undefined
  try {
    ;[out] = await renderGoTemplates({ templates: [text], params, options: mode.goTemplateOptions })
  } catch (error) {
    throw error instanceof GoTemplateError ? new TemplateFieldError(field, error.message) : error
  }
  if (out === undefined) throw new UserError('Invalid', 'the Go template renderer returned nothing', 'goTemplate')
  return out
}
