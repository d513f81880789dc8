import { createHash, randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { K8sObject } from '../base/objects'
import { RenderPause } from './render-pause'
import { holdsSecrets, isSealed, seal, unseal } from './sealed'

/**
 * Rendered objects by everything that decides them (repo, commit, path, source parameters, tool
 * versions, destination): a bounded map in memory over files on disk. Commits never change, so
 * entries never go stale; a hard refresh bypasses the cache.
 *
 * No Secret value is written in clear: a render that holds a Secret is encrypted with a key kept in
 * the OS keychain (see sealed.ts), not reduced to digests, because what is cached is what a sync
 * applies and a diff compares, value for value. Without the keychain such a render stays in memory.
 * Files are 0600 in a 0700 folder.
 *
 * Failed renders are remembered by the same key (`pause`), so a render that keeps failing is not
 * run again on every refresh (see render-pause.ts).
 */
/**
 * The rules a cached render was made under. Bumped when a check is added to what may render (a
 * path a tool reads, a kind that must be sealed): a render cached before it may hold what the
 * check now refuses (a file outside the repository), so it is removed and rendered again, never
 * served. 2: kustomize helmCharts folders checked; Secrets inside lists sealed (issue 30).
 */
export const renderRules = 2

export class RenderCache {
  private readonly memory = new Map<string, K8sObject[]>()

  constructor(
    private readonly dir: string | null,
    private readonly maxEntries = 256,
    /** The key of renders with Secrets (from the keychain); null: such renders are not written. */
    private readonly sealKey: () => Promise<Buffer | null> = async () => null,
    readonly pause = new RenderPause(),
  ) {}

  static keyOf(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
  }

  async get(key: string): Promise<K8sObject[] | undefined> {
    const hit = this.memory.get(key)
    if (hit) {
      this.memory.delete(key) // keep recently used entries at the end
      this.memory.set(key, hit)
      return structuredClone(hit)
    }
    if (!this.dir) return undefined
    try {
      const file = join(this.dir, `${key}.json`)
      const stored = JSON.parse(await readFile(file, 'utf8')) as { rules?: unknown; render?: unknown } | null
      // Made under earlier rules (or by a version before sealing, in clear): removed, and rendered again.
      if (stored?.rules !== renderRules) return void (await rm(file, { force: true }))
      let objects: K8sObject[]
      if (isSealed(stored.render)) {
        const sealKey = await this.sealKey()
        if (!sealKey) return undefined
        objects = unseal(stored.render, sealKey)
      } else {
        objects = stored.render as K8sObject[]
        if (holdsSecrets(objects)) return void (await rm(file, { force: true }))
      }
      this.remember(key, objects)
      return structuredClone(objects)
    } catch {
      return undefined // absent, a torn file from a crash, or sealed with another key: render again
    }
  }

  async set(key: string, objects: K8sObject[]): Promise<void> {
    this.remember(key, structuredClone(objects))
    if (!this.dir) return
    // Two renders of the same key can finish at once: each writes its own temporary file.
    const file = join(this.dir, `${key}.json`)
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      let render: unknown = objects
      if (holdsSecrets(objects)) {
        const sealKey = await this.sealKey()
        if (!sealKey) return
        render = seal(objects, sealKey)
      }
      const text = JSON.stringify({ rules: renderRules, render })
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      await chmod(this.dir, 0o700)
      await writeFile(tmp, text, { mode: 0o600 })
      await rename(tmp, file)
    } catch {
      // The disk cache only saves time: a failed write (full disk, a race) is not the render's failure.
      await rm(tmp, { force: true }).catch(() => undefined)
    }
  }

  get size(): number {
    return this.memory.size
  }

  private remember(key: string, objects: K8sObject[]): void {
    this.memory.set(key, objects)
    while (this.memory.size > this.maxEntries) this.memory.delete(this.memory.keys().next().value!)
  }
}
