import { chmodSync, copyFileSync, renameSync, watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'

/** Freezes a value and everything in it: a snapshot handed out can then be shared safely. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

export function copyAtomically(from: string, to: string): void {
  const tmp = `${to}.tmp`
  copyFileSync(from, tmp)
  chmodSync(tmp, 0o600) // the user's alone, as the store is
  renameSync(tmp, to)
}

/**
 * Calls `onChange` (debounced) when a file changes. Its folder is watched: an atomic write
 * replaces the file, which would end a watch on the file itself. Never keeps the process alive.
 */
export function watchFile(path: string, onChange: () => void, debounceMs = 100): () => void {
  const name = basename(path)
  let timer: NodeJS.Timeout | undefined
  let watcher: FSWatcher | undefined
  try {
    watcher = watch(dirname(path), (_event, changed) => {
      if (changed && changed.toString() !== name) return
      clearTimeout(timer)
      timer = setTimeout(onChange, debounceMs)
      timer.unref()
    })
    watcher.unref()
  } catch {
    // Nothing to watch (the folder went): each read still looks at the file.
  }
  return () => {
    clearTimeout(timer)
    watcher?.close()
  }
}
