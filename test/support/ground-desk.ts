import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, inject } from 'vitest'
import { openDesk } from '../../main/api/desk'
import { MemorySecrets } from './memory-secrets'

type DeskOptions = Parameters<typeof openDesk>[0]

/**
 * The desk most ground test files open: a fresh data folder (`gitops-desk-<name>-…`), secrets in
 * memory, the loop not started and no auto-sync (the test drives), operations polled every 250 ms,
 * the ground's helm and kustomize in its settings. `options` replace any of these. Closed, and its
 * data folder removed, after the file.
 */
export function openGroundDesk(name: string, options: Partial<DeskOptions> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `gitops-desk-${name}-`))
  const desk = openDesk({ dataDir, secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: { autoSync: false }, ...options })
  const bin = inject('groundBinaries')
  desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))
  afterAll(async () => {
    await desk.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return { desk, dataDir }
}
