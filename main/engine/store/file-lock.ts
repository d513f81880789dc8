import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { UserError } from '../base/errors'

/** What identifies one version of a file on disk: an atomic write (rename) changes the inode. */
export type FileStamp = string

export function stampOf(path: string): FileStamp {
  try {
    const s = statSync(path, { bigint: true })
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
  } catch {
    return 'missing'
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4))
const sleepSync = (ms: number) => Atomics.wait(pause, 0, 0, ms)

/** A lock nobody holds any more: its process has gone, or it is older than any write takes. */
function isStale(lock: string, staleMs: number): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true
      }
    }
    return Date.now() - statSync(lock).mtimeMs > staleMs
  } catch {
    return false // gone meanwhile, or half-written: the next attempt sees
  }
}

/**
 * Runs `work` holding `lock` (created with O_EXCL, holding our pid), so two processes (the app and
 * the CLI) never interleave a read-modify-write of one file. A lock left by a crashed process is
 * taken over (so is one older than `staleMs`: a write takes milliseconds); waiting longer than
 * `waitMs` is an error, nothing is written.
 */
export function withFileLock<T>(lock: string, work: () => T, { waitMs = 15_000, staleMs = 10_000 } = {}): T {
  const deadline = Date.now() + waitMs
  let fd: number | undefined
  while (fd === undefined) {
    try {
      fd = openSync(lock, 'wx', 0o600)
      writeSync(fd, String(process.pid))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // A folder we cannot write in (read-only mount): reading needs no lock, a write fails on its own.
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOENT') return work()
      if (code !== 'EEXIST') throw error
      if (isStale(lock, staleMs)) {
        rmSync(lock, { force: true })
        continue
      }
      if (Date.now() > deadline) throw new UserError('Conflict', `The settings file is being changed by another GitOps Desk process (${lock} is held); nothing was changed, try again.`, lock)
      sleepSync(10)
    }
  }
  try {
    return work()
  } finally {
    closeSync(fd)
    rmSync(lock, { force: true })
  }
}
