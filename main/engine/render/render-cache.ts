import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { K8sObject } from '../kube/objects'

/**
 * Rendered objects by everything that decides them (repo, commit, path, source parameters, tool
 * versions, destination): a bounded map in memory over files on disk. Commits never change, so
 * entries never go stale; a hard refresh bypasses the cache.
 */
export class RenderCache {
  private readonly memory = new Map<string, K8sObject[]>()

  constructor(
    private readonly dir: string | null,
    private readonly maxEntries = 256,
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
      const objects = JSON.parse(await readFile(join(this.dir, `${key}.json`), 'utf8')) as K8sObject[]
      this.remember(key, objects)
      return structuredClone(objects)
    } catch {
      return undefined // absent, or a torn file from a crash: render again
    }
  }

  async set(key: string, objects: K8sObject[]): Promise<void> {
    this.remember(key, structuredClone(objects))
    if (!this.dir) return
    // Two renders of the same key can finish at once: each writes its own temporary file.
    const file = join(this.dir, `${key}.json`)
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await mkdir(this.dir, { recursive: true })
      await writeFile(tmp, JSON.stringify(objects))
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
