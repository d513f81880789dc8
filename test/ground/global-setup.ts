import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureArgoBuilt } from './argocd'
import { ensureBuilt, type GroundBinaries } from './build'
import type { ChartRepoState } from './chart-repo'
import type { OciRegistryState } from './oci-registry'
import { down, up } from './cluster'
import { ensureRolloutsBuilt, rolloutsVersion } from './rollouts'

declare module 'vitest' {
  export interface ProvidedContext {
    groundDir: string
    kubeconfig: string
    groundBinaries: GroundBinaries
    /** Where the ground's Argo CD keeps its Applications (on context ground-1). */
    argocdNamespace: string
    /** The ground's Argo CD binary (its `admin` commands answer offline). */
    argocdBinary: string
    /** Argo CD's Go module source (its bundled resource_customizations, read as the reference). */
    argocdModuleDir: string
    /** The ground's Helm chart repository (its password, its CA). */
    chartRepo: ChartRepoState
    /** The ground's OCI registry with the same charts. */
    ociRegistry: OciRegistryState
    /** The Argo Rollouts controller: the context it runs against (ground-2), its version and its log (for a failing test's message). */
    rollouts: { context: string; version: string; log: string }
  }
}

/** Brings the ground up once per test run (2 clusters, Argo CD on the first, Argo Rollouts on the second), exports KUBECONFIG, always tears down. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binaries = ensureBuilt()
  const argo = ensureArgoBuilt()
  const rollouts = ensureRolloutsBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-ground-'))
  let stopped = false
  const teardown = async () => {
    if (stopped) return
    stopped = true
    await down(dir)
  }
  // A run interrupted with Ctrl+C still stops the clusters.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void teardown().then(() => process.exit(130)))
  const state = await up(binaries, 2, dir, 2, argo, rollouts)
  process.env.KUBECONFIG = state.kubeconfig
  process.env.PATH = `${binaries.binDir}:${process.env.PATH}`
  project.provide('groundDir', dir)
  project.provide('kubeconfig', state.kubeconfig)
  project.provide('groundBinaries', binaries)
  project.provide('argocdNamespace', state.argocd!.namespace)
  project.provide('argocdBinary', argo.argocd)
  project.provide('argocdModuleDir', argo.moduleDir)
  project.provide('chartRepo', state.chartRepo!)
  project.provide('ociRegistry', state.ociRegistry!)
  project.provide('rollouts', { context: state.rollouts!.context, version: rolloutsVersion(), log: state.rollouts!.log })
  return teardown
}
