import { realpathSync } from 'node:fs'
import { resolveInRepo } from './paths'
import { envsubst } from './build-env'
import { execTimeout } from './tools'
import { jsonnetSandbox, jsonnetLimitError } from './jsonnet-sandbox'
import { UserError } from '../base/errors'
import { SandboxLimitError } from '../sandbox/worker-pool'
import type { K8sObject } from '../base/objects'

/** Argo CD's `directory.jsonnet`: top-level arguments, external variables, library paths. */
export interface JsonnetOptions {
  tlas?: { name: string; value: string; code?: boolean }[]
  extVars?: { name: string; value: string; code?: boolean }[]
  libs?: string[]
}

/**
 * Evaluates one .jsonnet file with go-jsonnet (the library Argo CD's repo server uses, compiled
 * to WebAssembly) as the repo server evaluates it: a VM per file, JPaths = the app's folder then
 * each lib (relative to the repository root, kept inside it), TLA and ext var values with the
 * build environment substituted (`$ARGOCD_APP_NAME`…). Every import is read through a reader that
 * refuses files outside the repository; the evaluation runs in a worker stopped at the exec
 * timeout. The output is a list of objects or one object.
 */
export async function evaluateJsonnet(options: { repoRoot: string; appDir: string; file: string; rel: string; jsonnet?: JsonnetOptions; env: Record<string, string> }): Promise<K8sObject[]> {
  const root = realpathSync(options.repoRoot)
  const vars = (list: { name: string; value: string; code?: boolean }[] = []) => list.map((v) => ({ name: v.name, value: envsubst(String(v.value), options.env), code: Boolean(v.code) }))
  const request = {
    root,
    file: options.file,
    jpaths: [realpathSync(options.appDir), ...(options.jsonnet?.libs ?? []).map((lib) => resolveInRepo(root, lib.replace(/^\/+/, ''), 'jsonnet lib'))],
    tlas: vars(options.jsonnet?.tlas),
    extVars: vars(options.jsonnet?.extVars),
  }
  let response: { json?: string; error?: string }
  try {
    response = await jsonnetSandbox().run(request, { timeoutMs: execTimeout() })
  } catch (error) {
    if (error instanceof SandboxLimitError) throw jsonnetLimitError(error, options.rel)
    throw error instanceof UserError ? new UserError(error.code, `Failed to evaluate jsonnet "${options.rel}": ${error.message}`, options.rel) : error
  }
  // go-jsonnet names files by their absolute paths; the repository's own names read better.
  if (response.error) throw new UserError('Invalid', `Failed to evaluate jsonnet "${options.rel}": ${response.error.split(`${root}/`).join('').trim()}`, options.rel)
  let value: unknown
  try {
    value = JSON.parse(response.json ?? '')
  } catch (error) {
    throw new UserError('Invalid', `jsonnet ${options.rel} did not give JSON: ${(error as Error).message}`, options.rel)
  }
  const items = Array.isArray(value) ? value : [value]
  items.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new UserError('Invalid', `${options.rel}: item ${i + 1} of its output is not an object`, options.rel)
  })
  return items as K8sObject[]
}
