import { randomUUID } from 'node:crypto'
import type { DeskEvent } from '../../../shared/model'
import type { ExecEnd, ExecHandle, ExecTarget } from '../clusters/pod-exec'

export type { ExecEnd, ExecHandle, ExecTarget } from '../clusters/pod-exec'

/** Opens an exec in a container (the API server's exec subresource); returns its handle. */
export type OpenExec = (target: ExecTarget, onOutput: (text: string) => void, onEnd: (end: ExecEnd) => void) => Promise<ExecHandle>

interface Session {
  handle: ExecHandle | null
  pending: string
  timer: NodeJS.Timeout | null
}

/** Output held for one event at most (a flood of output becomes events of this size). */
const maxChunk = 64 * 1024

/**
 * The open shells: each one's output goes out as `shell-output` events (what arrives within
 * flushMs is one event, so a burst is not thousands of events), its end as `shell-end` with the
 * exit code or why the connection dropped. Input and resizes go to the container; stop() closes
 * one, stopAll() every one (a closed window, the engine's close).
 */
export class ExecSessions {
  private readonly sessions = new Map<string, Session>()

  constructor(
    private readonly emit: (event: DeskEvent) => void,
    private readonly flushMs = 10,
  ) {}

  get size(): number {
    return this.sessions.size
  }

  has(id: string): boolean {
    return this.sessions.has(id)
  }

  async start(target: ExecTarget, open: OpenExec): Promise<string> {
    const id = randomUUID()
    const session: Session = { handle: null, pending: '', timer: null }
    this.sessions.set(id, session)
    const flush = () => {
      if (session.timer) clearTimeout(session.timer)
      session.timer = null
      if (!session.pending) return
      const data = session.pending
      session.pending = ''
      this.emit({ type: 'shell-output', session: id, data })
    }
    const onOutput = (text: string) => {
      if (!this.sessions.has(id)) return
      session.pending += text
      if (session.pending.length >= maxChunk) return flush()
      session.timer ??= setTimeout(flush, this.flushMs)
    }
    const onEnd = (end: ExecEnd) => {
      if (!this.sessions.has(id)) return
      flush()
      this.sessions.delete(id)
      this.emit({ type: 'shell-end', session: id, message: end.message, ...(end.exitCode === undefined ? {} : { exitCode: end.exitCode }) })
    }
    try {
      const handle = await open(target, onOutput, onEnd)
      if (!this.sessions.has(id)) handle.close() // stopped (or ended) while opening
      else session.handle = handle
    } catch (error) {
      this.sessions.delete(id)
      throw error
    }
    return id
  }

  /** Text typed (or pasted) into the shell; false when it has ended. */
  write(id: string, text: string): boolean {
    const handle = this.sessions.get(id)?.handle
    if (!handle) return false
    handle.write(text)
    return true
  }

  resize(id: string, cols: number, rows: number): boolean {
    const handle = this.sessions.get(id)?.handle
    if (!handle) return false
    handle.resize(cols, rows)
    return true
  }

  /** Ends the command's input (a non-interactive exec whose input has all been sent). */
  endInput(id: string): boolean {
    const handle = this.sessions.get(id)?.handle
    if (!handle) return false
    handle.endInput()
    return true
  }

  stop(id: string): boolean {
    const session = this.sessions.get(id)
    if (!session) return false
    this.sessions.delete(id)
    if (session.timer) clearTimeout(session.timer)
    session.handle?.close()
    return true
  }

  stopAll(): void {
    for (const id of [...this.sessions.keys()]) this.stop(id)
  }
}
