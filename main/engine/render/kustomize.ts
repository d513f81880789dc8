import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { z } from 'zod'
import type { KustomizeSource } from '../apps/schema'
import { type K8sObject } from '../kube/objects'
import { objectsFromYaml } from './objects'
import { runTool } from './tools'

export interface KustomizeRenderInput {
  kustomize: string
  repoRoot: string
  appDir: string
  options: z.infer<typeof KustomizeSource>
}

/**
 * `kustomize build`, with the Application's overrides applied the way Argo CD applies them:
 * `kustomize edit` on a scratch copy of the repository (the snapshot itself stays untouched).
 */
export async function renderKustomize(input: KustomizeRenderInput): Promise<K8sObject[]> {
  const edits = editCommands(input.options)
  const label = `kustomize build ${relative(input.repoRoot, input.appDir) || '.'}`
  if (edits.length === 0) {
    return objectsFromYaml(await runTool(input.kustomize, ['build', input.appDir], { cwd: input.appDir, label }), label)
  }
  const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-kustomize-'))
  try {
    await cp(input.repoRoot, scratch, { recursive: true, verbatimSymlinks: true })
    const dir = join(scratch, relative(input.repoRoot, input.appDir))
    for (const edit of edits) await runTool(input.kustomize, ['edit', ...edit], { cwd: dir, label: `kustomize edit ${edit.slice(0, 2).join(' ')}` })
    return objectsFromYaml(await runTool(input.kustomize, ['build', dir], { cwd: dir, label }), label)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

function editCommands(o: z.infer<typeof KustomizeSource>): string[][] {
  const edits: string[][] = []
  if (o.namePrefix) edits.push(['set', 'nameprefix', '--', o.namePrefix])
  if (o.nameSuffix) edits.push(['set', 'namesuffix', '--', o.nameSuffix])
  if (o.images?.length) edits.push(['set', 'image', ...o.images])
  if (o.namespace) edits.push(['set', 'namespace', '--', o.namespace])
  if (o.commonLabels && Object.keys(o.commonLabels).length) edits.push(['add', 'label', '--force', Object.entries(o.commonLabels).map(([k, v]) => `${k}:${v}`).join(',')])
  if (o.commonAnnotations && Object.keys(o.commonAnnotations).length) edits.push(['add', 'annotation', '--force', Object.entries(o.commonAnnotations).map(([k, v]) => `${k}:${v}`).join(',')])
  if (o.replicas?.length) edits.push(['set', 'replicas', ...o.replicas.map((r) => `${r.name}=${r.count}`)])
  if (o.components?.length) edits.push(['add', 'component', ...o.components])
  return edits
}
