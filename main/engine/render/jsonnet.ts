import { resolveInRepo } from './paths'
import { envsubst } from './build-env'
import { runTool } from './tools'
import { UserError } from '../errors'
import type { K8sObject } from '../kube/objects'

/** Argo CD's `directory.jsonnet`: top-level arguments, external variables, library paths. */
export interface JsonnetOptions {
  tlas?: { name: string; value: string; code?: boolean }[]
  extVars?: { name: string; value: string; code?: boolean }[]
  libs?: string[]
}

/**
 * Evaluates one .jsonnet file with go-jsonnet's `jsonnet` command as Argo CD's repo server
 * evaluates it: imports from the app's folder first, then each lib (relative to the repository
 * root, kept inside it); TLA and ext var values with the build environment substituted
 * (`$ARGOCD_APP_NAME`…). The output is a list of objects or one object.
 */
export async function evaluateJsonnet(jsonnet: string, options: { repoRoot: string; appDir: string; file: string; rel: string; jsonnet?: JsonnetOptions; env: Record<string, string> }): Promise<K8sObject[]> {
  const args: string[] = ['-J', options.appDir]
  for (const lib of options.jsonnet?.libs ?? []) args.push('-J', resolveInRepo(options.repoRoot, lib.replace(/^\/+/, ''), 'jsonnet lib'))
  for (const tla of options.jsonnet?.tlas ?? []) args.push(tla.code ? '--tla-code' : '--tla-str', `${tla.name}=${envsubst(String(tla.value), options.env)}`)
  for (const ext of options.jsonnet?.extVars ?? []) args.push(ext.code ? '--ext-code' : '--ext-str', `${ext.name}=${envsubst(String(ext.value), options.env)}`)
  args.push(options.file)
  let output: string
  try {
    output = await runTool(jsonnet, args, { cwd: options.appDir, label: `jsonnet ${options.rel}` })
  } catch (error) {
    throw new UserError('Invalid', `Failed to evaluate jsonnet "${options.rel}": ${(error as Error).message.replace(/^jsonnet \S+ failed: /, '')}`, options.rel)
  }
  let value: unknown
  try {
    value = JSON.parse(output)
  } catch (error) {
    throw new UserError('Invalid', `jsonnet ${options.rel} did not print JSON: ${(error as Error).message}`, options.rel)
  }
  const items = Array.isArray(value) ? value : [value]
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new UserError('Invalid', `${options.rel}: item ${i + 1} of its output is not an object`, options.rel)
  })
  return items as K8sObject[]
}
