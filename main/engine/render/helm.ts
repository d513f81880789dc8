import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import YAML from 'yaml'
import type { z } from 'zod'
import type { HelmSource } from '../model/app-schema'
import { UserError } from '../base/errors'
import { type K8sObject } from '../base/objects'
import { checkChartSchemas } from './helm-schema'
import { objectsFromYaml } from './objects'
import { resolveInRepo } from './paths'
import { runTool } from './tools'

export interface HelmRenderInput {
  helm: string
  repoRoot: string
  chartDir: string
  /** The chart helm templates when not chartDir itself (a scratch copy with its dependencies built). */
  templateDir?: string
  releaseName: string
  namespace: string
  options: z.infer<typeof HelmSource>
  /** `$ref` name → snapshot root of that source, for `$values/...` value files. */
  refs?: Record<string, string>
  kubeVersion?: string
  apiVersions?: string[]
}

/** `helm template` as Argo CD's repo server runs it. */
export async function renderHelm(input: HelmRenderInput): Promise<K8sObject[]> {
  const { options } = input
  const args = ['template', input.releaseName, input.templateDir ?? input.chartDir, '--namespace', options.namespace ?? input.namespace]
  if (!options.skipCrds) args.push('--include-crds')
  for (const file of options.valueFiles ?? []) {
    const path = valueFilePath(input, file)
    if (path) args.push('--values', path)
  }
  await checkChartSchemas(input.templateDir ?? input.chartDir, relative(input.repoRoot, input.chartDir))
  const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-helm-'))
  try {
    // valuesObject wins over values, as in Argo CD; both come after the value files.
    const inline = options.valuesObject ?? (options.values ? YAML.parse(options.values) : undefined)
    if (inline !== undefined && inline !== null) {
      const file = join(scratch, 'values.yaml')
      await writeFile(file, YAML.stringify(inline))
      args.push('--values', file)
    }
    for (const p of options.parameters ?? []) args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${p.value}`)
    // File parameters are read from the repository, as value files are (nothing outside it).
    for (const p of options.fileParameters ?? []) args.push('--set-file', `${p.name}=${resolveInRepo(input.repoRoot, fromChart(input, p.path), 'file parameter')}`)
    if (options.skipSchemaValidation) args.push('--skip-schema-validation')
    if (options.skipTests) args.push('--skip-tests')
    const kubeVersion = options.kubeVersion ?? input.kubeVersion
    if (kubeVersion) args.push('--kube-version', kubeVersion)
    for (const v of options.apiVersions ?? input.apiVersions ?? []) args.push('--api-versions', v)
    const out = await runTool(input.helm, args, { cwd: input.chartDir, label: `helm template ${relative(input.repoRoot, input.chartDir) || '.'}` })
    return objectsFromYaml(out, `helm template ${input.releaseName}`, { toolOutput: true })
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function valueFilePath(input: HelmRenderInput, file: string): string | null {
  const ref = /^\$([^/]+)\/(.*)$/.exec(file)
  try {
    if (ref) {
      const root = input.refs?.[ref[1]!]
      if (!root) throw new UserError('Invalid', `value file ${file} names $${ref[1]}, but no source has ref: ${ref[1]}`, file)
      return resolveInRepo(root, ref[2]!, 'value file')
    }
    if (/^https?:\/\//.test(file)) throw new UserError('Invalid', `remote value files are not supported: ${file}`, file)
    return resolveInRepo(input.repoRoot, fromChart(input, file), 'value file')
  } catch (error) {
    if (input.options.ignoreMissingValueFiles && error instanceof UserError && error.code === 'NotFound') return null
    throw error
  }
}

/**
 * A value file or file parameter as Argo CD resolves it (resolveFileOrDirectory): relative to the
 * chart's folder, or, written absolute (`/envs/prod.yaml`), from the repository's root.
 */
export function fromChart(input: Pick<HelmRenderInput, 'repoRoot' | 'chartDir'>, path: string): string {
  return path.startsWith('/') ? path : join(relative(input.repoRoot, input.chartDir), path)
}
