import { Worker } from 'node:worker_threads'
import { UserError } from '../base/errors'

/** How long one task may run and how much the process may grow while it runs. */
export interface SandboxLimits {
  timeoutMs: number
  /** Growth of the process's resident memory over its level when the task started. */
  memoryMiB: number
}

/** A task that hit a limit: the worker running it was killed; the message says which limit. */
export class SandboxLimitError extends UserError {
  override name = 'SandboxLimitError'
  constructor(
    readonly limit: 'time' | 'memory',
    message: string,
  ) {
    super('Invalid', message)
  }
}

interface Task {
  request: unknown
  limits: SandboxLimits
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

interface Slot {
  worker: Worker
  busy: boolean
}

// The loop every sandbox worker runs around the handler its source defines
// (`globalThis.handleSandboxTask = async (request) => response`). A worker whose runtime cannot
// serve another task sets `globalThis.sandboxRetire`; its failure then ends it.
const messageLoop = `
const { parentPort: __port } = require('node:worker_threads')
__port.on('message', async (request) => {
  try {
    __port.postMessage({ ok: true, value: await globalThis.handleSandboxTask(request) })
  } catch (error) {
    __port.postMessage({ ok: false, message: error && error.message ? String(error.message) : String(error), retire: globalThis.sandboxRetire === true })
  }
})
`

const memorySampleMs = 25

/**
 * Runs untrusted work (templates, Jsonnet, scripts) in worker threads that can be killed: a
 * task past its time or memory limit terminates its worker (V8 stops WebAssembly and JavaScript
 * alike, loops in C code compiled to WebAssembly included), the caller gets a SandboxLimitError,
 * and the next task gets a fresh worker. Memory is watched as the process's RSS because a
 * WebAssembly heap is outside the worker's V8 heap limits. Idle workers do not keep the process
 * alive; close() ends them.
 */
export class SandboxPool {
  private readonly slots: Slot[] = []
  private readonly queue: Task[] = []
  private closed = false

  constructor(
    private readonly options: {
      name: string
      source: string
      workerData?: unknown
      limits: SandboxLimits
      concurrency?: number
      /** The worker's stack (Node's default is 4 MB; Go compiled to WebAssembly needs more). */
      stackSizeMb?: number
    },
  ) {}

  run<T>(request: unknown, limits: Partial<SandboxLimits> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new UserError('Unavailable', `${this.options.name} is shut down`))
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ request, limits: { ...this.options.limits, ...limits }, resolve: resolve as (value: unknown) => void, reject })
      this.next()
    })
  }

  async close(): Promise<void> {
    this.closed = true
    for (const task of this.queue.splice(0)) task.reject(new UserError('Unavailable', `${this.options.name} is shut down`))
    // A terminating worker does not keep the event loop alive: without the timer a caller
    // awaiting close() with nothing else pending would see its process exit first.
    const keepAlive = setInterval(() => undefined, 60_000)
    try {
      await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()))
    } finally {
      clearInterval(keepAlive)
    }
  }

  private next(): void {
    if (!this.queue.length) return
    let slot = this.slots.find((s) => !s.busy)
    if (!slot) {
      if (this.slots.length >= (this.options.concurrency ?? 1)) return
      slot = { worker: this.spawn(), busy: false }
      this.slots.push(slot)
    }
    this.start(slot, this.queue.shift()!)
  }

  private spawn(): Worker {
    const worker = new Worker(`${this.options.source}\n${messageLoop}`, { eval: true, workerData: this.options.workerData, stdout: true, stderr: true, ...(this.options.stackSizeMb ? { resourceLimits: { stackSizeMb: this.options.stackSizeMb } } : {}) })
    worker.unref()
    return worker
  }

  private start(slot: Slot, task: Task): void {
    slot.busy = true
    const { worker } = slot
    worker.ref()
    const baseline = process.memoryUsage.rss()
    let settled = false
    const finish = (outcome: { value?: unknown; error?: Error }, kill: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(sampler)
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      if (kill) {
        const index = this.slots.indexOf(slot)
        if (index >= 0) this.slots.splice(index, 1)
        void worker.terminate()
      } else {
        slot.busy = false
        worker.unref()
      }
      if (outcome.error) task.reject(outcome.error)
      else task.resolve(outcome.value)
      this.next()
    }
    const onMessage = (message: { ok: boolean; value?: unknown; message?: string; retire?: boolean }) => (message.ok ? finish({ value: message.value }, false) : finish({ error: new UserError('Invalid', message.message ?? 'failed') }, message.retire === true))
    const onError = (error: Error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
      finish({ error: outOfMemory ? this.limitError('memory', task.limits) : new UserError('Invalid', `${this.options.name} failed: ${error.message}`) }, true)
    }
    const onExit = (code: number) => finish({ error: new UserError('Invalid', `${this.options.name} stopped unexpectedly (exit ${code})`) }, true)
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    const timer = setTimeout(() => finish({ error: this.limitError('time', task.limits) }, true), task.limits.timeoutMs)
    const sampler = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > task.limits.memoryMiB * 1024 * 1024) finish({ error: this.limitError('memory', task.limits) }, true)
    }, memorySampleMs)
    worker.postMessage(task.request)
  }

  private limitError(limit: 'time' | 'memory', limits: SandboxLimits): SandboxLimitError {
    return limit === 'time'
      ? new SandboxLimitError('time', `${this.options.name} ran longer than ${formatSeconds(limits.timeoutMs)} and was stopped`)
      : new SandboxLimitError('memory', `${this.options.name} used more than ${limits.memoryMiB} MiB of memory and was stopped`)
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
