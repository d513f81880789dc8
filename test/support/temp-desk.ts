import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeskService, type DeskOptions } from '../../main/engine/service/desk-service'
import { MemorySecrets } from './memory-secrets'

/**
 * A DeskService for unit tests of its command groups: a fresh data folder (the real store file),
 * secrets in memory (the one fake, at the keychain's interface), no reconcile loop unless asked.
 * `cleanup()` closes every desk made and removes the folders.
 */
export function tempDesks() {
  const desks: DeskService[] = []
  const dirs: string[] = []
  const dir = (prefix: string) => {
    const made = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(made)
    return made
  }
  return {
    open(options: Partial<DeskOptions> = {}): { desk: DeskService; secrets: MemorySecrets; dataDir: string } {
      const secrets = new MemorySecrets()
      const dataDir = dir('gitops-desk-service-')
      const desk = new DeskService({ dataDir, secrets, controller: false, eventBatchMs: 0, ...options })
      desks.push(desk)
      return { desk, secrets, dataDir }
    },
    /** A kubeconfig file with these contexts (each its own cluster, on a port nothing listens on). */
    kubeconfig(contexts: string[], current = contexts[0] ?? ''): string {
      const file = join(dir('gitops-desk-kubeconfig-'), 'config')
      const clusters = contexts.map((c, i) => `- name: ${c}\n  cluster:\n    server: https://127.0.0.1:${i + 1}`).join('\n')
      const users = contexts.map((c) => `- name: ${c}\n  user:\n    token: t-${c}`).join('\n')
      const ctxs = contexts.map((c) => `- name: ${c}\n  context:\n    cluster: ${c}\n    user: ${c}`).join('\n')
      writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters:\n${clusters}\nusers:\n${users}\ncontexts:\n${ctxs}\ncurrent-context: ${current}\n`)
      return file
    },
    /** Everything the desk wrote to its data folder's files (the store and its backup), to look for what must not be there. */
    storedText(dataDir: string): string {
      return readdirSync(dataDir, { withFileTypes: true }).filter((f) => f.isFile()).map((f) => readFileSync(join(dataDir, f.name), 'utf8')).join('\n')
    },
    async cleanup(): Promise<void> {
      await Promise.all(desks.splice(0).map((d) => d.close()))
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
    },
  }
}
