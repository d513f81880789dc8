import { join } from 'node:path'
import Conf from 'conf'
import { UserError } from '../base/errors'
import { secureDataDir } from './data-dir'
import { inspectStoreFile, recoverStore } from './recovery'
import { stampOf, withFileLock, type FileStamp } from './file-lock'
import { StoreData, storeSchemaVersion } from './schema'
import { copyAtomically, deepFreeze, watchFile } from './store-io'

export * from './schema'

/** The few operations we need of conf or electron-store (the same file format). */
export interface JsonFile {
  readonly path: string
  readonly store: Record<string, unknown>
  /** Sets every key in one write (conf and electron-store write the whole file atomically). */
  set(values: Record<string, unknown>): void
}

export type OpenJsonFile = () => JsonFile

export const storeFileName = 'gitops-desk.json'

/** conf in a data folder: what the CLI and the engine outside Electron use. */
export function openDeskStore(dataDir: string): DeskStore {
  secureDataDir(dataDir)
  const open = () => new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'gitops-desk', clearInvalidConfig: false, accessPropertiesByDotNotation: false, configFileMode: 0o600 })
  return new DeskStore(open, join(dataDir, storeFileName))
}

/**
 * Apps, projects, repositories and settings in one JSON file, written atomically (by conf),
 * with a copy of the last good file beside it. A corrupt or truncated file is set aside and the
 * backup restored; `recovery` says what happened so the UI and CLI can tell the user.
 * Several processes share the file (the app and the CLI): each change is made, under a lock, to
 * what is on disk now, and a change made elsewhere is read when it is next looked at.
 */
export class DeskStore {
  private file: JsonFile
  private data: StoreData
  /** The file version `data` was read from or written as; another one means someone else wrote. */
  private loaded: FileStamp
  /** The last version read() looked at (a damaged or newer file is not looked at again until it changes). */
  private seen: FileStamp
  private readonly listeners = new Set<(before: StoreData, after: StoreData) => void>()
  private readonly lock: string
  /** Inside pinned(): read() returns `data` without looking at the file again. */
  private pins = 0
  readonly recovery: string | null = null

  constructor(open: OpenJsonFile, path: string) {
    this.lock = `${path}.lock`
    const { recovery, opened, stamp } = withFileLock(this.lock, () => {
      const recovery = recoverStore(path, StoreData, storeSchemaVersion)
      const stamp = stampOf(path)
      return { recovery, opened: tryOpen(open, path), stamp }
    })
    this.recovery = recovery
    if (!opened.ok) throw new UserError('Invalid', `The settings file ${path} cannot be read: ${opened.reason}`, path)
    this.file = opened.file
    this.data = deepFreeze(opened.data)
    this.loaded = this.seen = stamp
  }

  get path(): string {
    return this.file.path
  }

  /** The current data: a deeply frozen snapshot (cheap to read often; change it with update()). */
  read(): StoreData {
    if (this.pins > 0) return this.data
    const stamp = stampOf(this.file.path)
    if (stamp !== this.seen) {
      this.seen = stamp
      const { state } = inspectStoreFile(this.file.path, StoreData, storeSchemaVersion)
      if (state !== 'damaged' && state !== 'unreadable') this.reload(stamp)
    }
    return this.data
  }

  /**
   * Runs synchronous `work` on one look at the file: the reads inside it return the data read on
   * entry (and what this store writes meanwhile). An app's status publish read the store seven
   * times, each a stat of the file, hundreds of times a second under a stream of watch events;
   * another process's write can land before or after a synchronous stretch, never inside it.
   */
  pinned<T>(work: () => T): T {
    if (this.pins === 0) this.read()
    this.pins++
    try {
      return work()
    } finally {
      this.pins--
    }
  }

  /**
   * Applies a change to a copy of what is on disk now, validates it, then writes it; on a failure
   * nothing is written. A file a newer version wrote stops the change; a damaged one is recovered first.
   */
  update(change: (draft: StoreData) => void): StoreData {
    return withFileLock(this.lock, () => {
      const stamp = stampOf(this.file.path)
      if (stamp !== this.loaded) {
        recoverStore(this.file.path, StoreData, storeSchemaVersion)
        this.reload(stampOf(this.file.path))
      }
      const draft = structuredClone(this.data)
      change(draft)
      const next = StoreData.parse(draft)
      this.file.set(next as unknown as Record<string, unknown>)
      this.data = deepFreeze(next)
      this.loaded = this.seen = stampOf(this.file.path)
      copyAtomically(this.file.path, `${this.file.path}.bak`)
      return this.data
    })
  }

  /** Called (soon after, never inside a read) with what another process changed in the file. */
  onOutsideChange(listener: (before: StoreData, after: StoreData) => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  /** Reads the file again when it changes on disk; returns the function that stops watching. */
  watch(debounceMs = 100): () => void {
    return watchFile(this.file.path, () => void this.read(), debounceMs)
  }

  private reload(stamp: FileStamp): void {
    let raw: Record<string, unknown>
    try {
      raw = this.file.store
    } catch {
      return // half-replaced or unreadable: keep what we have; update() recovers it
    }
    const parsed = StoreData.safeParse(raw)
    if (!parsed.success) return
    const before = this.data
    this.data = deepFreeze(parsed.data)
    this.loaded = stamp
    if (this.listeners.size && JSON.stringify(before) !== JSON.stringify(this.data)) {
      const after = this.data
      queueMicrotask(() => this.listeners.forEach((listener) => listener(before, after)))
    }
  }
}

type Opened = { ok: true; file: JsonFile; data: StoreData } | { ok: false; path: string; reason: string }

function tryOpen(open: OpenJsonFile, path: string): Opened {
  let file: JsonFile
  let raw: Record<string, unknown>
  try {
    file = open()
    raw = file.store // conf reads and parses the file here
  } catch (error) {
    return { ok: false, path, reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) }
  }
  const parsed = StoreData.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, path, reason: `${issue.path.join('.') || 'file'}: ${issue.message}` }
  }
  return { ok: true, file, data: parsed.data }
}
