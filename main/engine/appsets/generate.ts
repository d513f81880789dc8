import YAML from 'yaml'
import { Application } from '../model/app-schema'
import { applyMergePatch } from '../base/merge-patch'
import { UserError } from '../base/errors'
import { checkParameterSets, transform, type GeneratorSources } from './generators'
import type { Params } from './params'
import { ownerAnnotation, type ApplicationSet } from '../model/appset-schema'
import { renderDeep, renderString, TemplateFieldError, type TemplateMode } from './template'

export const resourcesFinalizer = 'resources-finalizer.argocd.argoproj.io'

type Json = Record<string, unknown>
const isMap = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v)

/** mergo.Merge without override: the generator's own template wins, empty fields come from the ApplicationSet's. */
function fillFrom(dest: Json, src: Json): Json {
  const out: Json = { ...dest }
  for (const [k, v] of Object.entries(src)) {
    const d = out[k]
    if (d === undefined || d === null || d === '' || (Array.isArray(d) && d.length === 0)) out[k] = structuredClone(v)
    else if (isMap(d) && isMap(v)) out[k] = fillFrom(d, v)
  }
  return out
}

/**
 * The Applications an ApplicationSet generates now, as Argo CD makes them: each generator's
 * parameter sets rendered into the template (the generator's own template over the
 * ApplicationSet's), templatePatch applied, owned by the ApplicationSet, the resources finalizer
 * added unless preserveResourcesOnDeletion. Any error fails the whole generation (nothing is
 * half-generated), naming the generator and the reason.
 */
export async function generateApplications(appset: ApplicationSet, sources: GeneratorSources): Promise<Application[]> {
  const spec = appset.spec
  const mode: TemplateMode = { goTemplate: spec.goTemplate === true, goTemplateOptions: spec.goTemplateOptions ?? [] }
  const apps: Application[] = []
  for (const [i, generator] of spec.generators.entries()) {
    const where = `spec.generators[${i}]`
    const { params, template } = await named(appset, where, () => transform(generator, mode, sources, where))
    checkParameterSets(apps.length + params.length, `ApplicationSet ${appset.metadata.name} generates`, 'spec.generators')
    const merged = template ? fillFrom(template, spec.template as Json) : (spec.template as Json)
    for (const [n, set] of params.entries()) {
      // Rendering without goTemplate never leaves the thread: let the engine's other work in now and then.
      if (n % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve))
      apps.push(await named(appset, `${where} parameters #${n + 1}`, () => render(appset, merged, set, mode, `${where} parameters #${n + 1}`)))
    }
  }
  const seen = new Set<string>()
  for (const app of apps) {
    if (seen.has(app.metadata.name)) throw new UserError('Invalid', `ApplicationSet ${appset.metadata.name} contains applications with duplicate name: ${app.metadata.name}`, 'spec.template.metadata.name')
    seen.add(app.metadata.name)
  }
  return apps
}

/**
 * A template that fails says which ApplicationSet, which field and which parameter set: the
 * templates of a generation render in batches, so the field alone would not find it.
 */
async function named<T>(appset: ApplicationSet, where: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof TemplateFieldError)) throw error
    const at = error.field.startsWith(where) ? error.field : `${error.field} (${where})`
    throw new UserError('Invalid', `ApplicationSet ${appset.metadata.name}: ${at}: ${error.reason}`, error.field.startsWith('spec.') ? error.field : `spec.${error.field}`)
  }
}

async function render(appset: ApplicationSet, template: Json, params: Params, mode: TemplateMode, where: string): Promise<Application> {
  let rendered = await renderDeep(template, params, mode)
  if (appset.spec.templatePatch) {
    const text = await renderString(appset.spec.templatePatch, params, mode, 'templatePatch')
    let patch: unknown
    try {
      patch = YAML.parse(text)
    } catch (error) {
      throw new UserError('Invalid', `${where}: templatePatch is not YAML once rendered: ${(error as Error).message.split('\n')[0]}`, 'spec.templatePatch')
    }
    if (patch !== null && patch !== undefined) rendered = applyMergePatch(rendered, patch) as Json
  }
  const metadata = (rendered.metadata ?? {}) as Json & { annotations?: Record<string, string>; finalizers?: string[] }
  const preserve = appset.spec.syncPolicy?.preserveResourcesOnDeletion === true
  const app = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      ...metadata,
      annotations: { ...(metadata.annotations ?? {}), [ownerAnnotation]: appset.metadata.name },
      ...(!preserve && !(metadata.finalizers?.length) ? { finalizers: [resourcesFinalizer] } : {}),
    },
    spec: rendered.spec,
  }
  const parsed = Application.safeParse(app)
  if (!parsed.success) throw new UserError('Invalid', `${where}: the generated Application${typeof metadata.name === 'string' ? ` ${metadata.name}` : ''} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, where)
  return parsed.data
}
