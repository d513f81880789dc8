import { existsSync, realpathSync } from 'node:fs'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import YAML from 'yaml'
import type { z } from 'zod'
import type { KustomizeSource } from '../model/app-schema'
import { UserError } from '../base/errors'
import { type K8sObject } from '../base/objects'
import { envsubst } from './build-env'
import { checkKustomizationPaths } from './kustomize-bounds'
import { kustomizationFiles } from './kustomize-fields'
import { escapeText, pathEscape } from './link-bounds'
import { objectsFromYaml } from './objects'
import { readLinkSync } from './snapshot-check'
import { runTool } from './tools'

export interface KustomizeRenderInput {
  kustomize: string
  repoRoot: string
  appDir: string
  options: z.infer<typeof KustomizeSource>
  /** Argo CD's build environment (ARGOCD_APP_NAME…), for images and labels. */
  env?: Record<string, string>
  /** Argo CD's `kustomize.buildOptions` (argocd-cm), e.g. `--enable-helm`. */
  buildOptions?: string
  /** The helm binary, for kustomizations with helmCharts (--enable-helm). */
  helm?: string
  kubeVersion?: string
  apiVersions?: string[]
}

/**
 * `kustomize build`, with the Application's overrides applied the way Argo CD's repo server
 * applies them: `kustomize edit` in its order (and with its flags), `patches` appended to the
 * kustomization file, then the build with `kustomize.buildOptions`, always on a scratch copy of
 * the repository (the snapshot stays untouched; helmCharts writes its charts there too).
 */
export async function renderKustomize(input: KustomizeRenderInput): Promise<K8sObject[]> {
  const edits = editCommands(input)
  const label = `kustomize build ${relative(input.repoRoot, input.appDir) || '.'}`
  const buildArgs = (dir: string) => buildCommand(input, dir)
  const helmEnabled = (input.buildOptions ?? '').includes('--enable-helm')
  if (edits.length === 0 && !input.options.patches?.length && !helmEnabled) {
    await checkKustomizationPaths(input.repoRoot, input.appDir)
    return objectsFromYaml(await build(input, buildArgs(input.appDir), input.repoRoot, label), label, { toolOutput: true })
  }
  const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-kustomize-'))
  try {
    await cp(input.repoRoot, scratch, { recursive: true, verbatimSymlinks: true })
    const dir = join(scratch, relative(input.repoRoot, input.appDir))
    for (const edit of edits) await runTool(input.kustomize, ['edit', ...edit], { cwd: dir, label: `kustomize edit ${edit.slice(0, 2).join(' ')}` })
    if (input.options.patches?.length) await appendPatches(dir, input.options.patches)
    await checkKustomizationPaths(scratch, dir)
    return objectsFromYaml(await build(input, buildArgs(dir), scratch, label, scratch), label, { toolOutput: true })
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function build(input: KustomizeRenderInput, args: string[], cwd: string, label: string, helmHome?: string): Promise<string> {
  // helmCharts run helm; its caches and repositories stay in the scratch folder.
  const env = helmHome ? { HELM_CACHE_HOME: join(helmHome, '.helm-cache'), HELM_CONFIG_HOME: join(helmHome, '.helm-config'), HELM_DATA_HOME: join(helmHome, '.helm-data') } : undefined
  return runTool(input.kustomize, args, { cwd, label, ...(env ? { env } : {}) }).catch((error: unknown) => {
    if (error instanceof UserError && /must specify --enable-helm/.test(error.message)) {
      throw new UserError('Invalid', `${label}: the kustomization has helmCharts, which need the build option --enable-helm (Settings → Kustomize build options, as Argo CD's kustomize.buildOptions)`, label)
    }
    throw error
  })
}

/** `kustomize build DIR` with the build options, as Argo CD runs it (helm's kube and API versions when helm is on). */
function buildCommand(input: KustomizeRenderInput, dir: string): string[] {
  const options = (input.buildOptions ?? '').split(/\s+/).filter(Boolean)
  const args = ['build', dir, ...options]
  if (options.includes('--enable-helm')) {
    if (input.helm && !options.some((o) => o.startsWith('--helm-command'))) args.push('--helm-command', input.helm)
    if (input.kubeVersion) args.push('--helm-kube-version', input.kubeVersion)
    for (const v of input.apiVersions ?? []) args.push('--helm-api-versions', v)
  }
  return args
}

/** Argo CD's order and flags (util/kustomize): prefix, suffix, images, replicas, labels, annotations, namespace, components. */
function editCommands(input: KustomizeRenderInput): string[][] {
  const o = input.options
  const vars = input.env ?? {}
  const pairs = (map: Record<string, string>, substitute: boolean) => Object.entries(map).map(([k, v]) => `${k}:${substitute ? envsubst(v, vars) : v}`).join(',')
  const edits: string[][] = []
  if (o.namePrefix) edits.push(['set', 'nameprefix', '--', o.namePrefix])
  if (o.nameSuffix) edits.push(['set', 'namesuffix', '--', o.nameSuffix])
  if (o.images?.length) edits.push(['set', 'image', ...o.images.map((i) => envsubst(i, vars))])
  if (o.replicas?.length) edits.push(['set', 'replicas', ...o.replicas.map((r) => `${r.name}=${replicaCount(r.count)}`)])
  if (o.commonLabels && Object.keys(o.commonLabels).length) edits.push(['add', 'label', ...(o.forceCommonLabels ? ['--force'] : []), ...(o.labelWithoutSelector ? ['--without-selector'] : []), ...(o.labelIncludeTemplates ? ['--include-templates'] : []), pairs(o.commonLabels, true)])
  if (o.commonAnnotations && Object.keys(o.commonAnnotations).length) edits.push(['add', 'annotation', ...(o.forceCommonAnnotations ? ['--force'] : []), pairs(o.commonAnnotations, o.commonAnnotationsEnvsubst ?? false)])
  if (o.namespace) edits.push(['set', 'namespace', '--', o.namespace])
  for (const [i, c] of (o.components ?? []).entries()) {
    const escape = pathEscape(realpathSync(input.repoRoot), realpathSync(input.appDir), c, readLinkSync)
    if (escape) throw new UserError('Invalid', `kustomize.components[${i}] "${c}" ${escapeText(escape, 'repository')}`, 'spec.source.kustomize.components')
  }
  const components = (o.components ?? []).filter((c) => !o.ignoreMissingComponents || existsSync(join(input.appDir, c)))
  if (components.length) edits.push(['add', 'component', ...components])
  return edits
}

function replicaCount(count: number | string): number {
  const n = typeof count === 'number' ? count : Number.parseInt(count, 10)
  if (!Number.isInteger(n)) throw new UserError('Invalid', `kustomize.replicas count ${JSON.stringify(count)} is not a number`, 'spec.source.kustomize.replicas')
  return n
}

/** `kustomize.patches`: appended to the kustomization's own (there is no `kustomize edit` for them). */
async function appendPatches(dir: string, patches: unknown[]): Promise<void> {
  const name = kustomizationFiles.find((f) => existsSync(join(dir, f)))
  if (!name) throw new UserError('Invalid', 'kustomize.patches: no kustomization file in the app path', 'spec.source.kustomize.patches')
  const file = join(dir, name)
  const kustomization = (YAML.parse(await readFile(file, 'utf8')) ?? {}) as Record<string, unknown>
  if (kustomization.patches !== undefined && !Array.isArray(kustomization.patches)) throw new UserError('Invalid', `${name}: patches is not a list`, name)
  kustomization.patches = [...((kustomization.patches as unknown[] | undefined) ?? []), ...patches]
  await writeFile(file, YAML.stringify(kustomization))
}
