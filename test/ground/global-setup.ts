import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureBuilt, type GroundBinaries } from './build'
import { down, up } from './cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    groundDir: string
    kubeconfig: string
    groundBinaries: GroundBinaries
  }
}

/** Brings the ground up once per test run (2 clusters), exports KUBECONFIG, always tears down. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binaries = ensureBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-ground-'))
  let stopped = false
  const teardown = async () => {
    if (stopped) return
    stopped = true
    await down(dir)
  }
  // A run interrupted with Ctrl+C still stops the clusters.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void teardown().then(() => process.exit(130)))
  const state = await up(binaries, 2, dir)
  process.env.KUBECONFIG = state.kubeconfig
  process.env.PATH = `${binaries.binDir}:${process.env.PATH}`
  project.provide('groundDir', dir)
  project.provide('kubeconfig', state.kubeconfig)
  project.provide('groundBinaries', binaries)
  return teardown
}
