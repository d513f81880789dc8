import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads'
import { UserError } from '../base/errors'
import { SandboxLimitError } from './worker-pool'

// The loop a synchronous sandbox worker runs around what its source defines:
// `globalThis.sandboxReady` (a promise: the worker can take requests), `globalThis.handleSandboxTask`
// (async (request) => response) and optionally `globalThis.sandboxShouldRecycle()` (true when
// the worker holds memory it cannot give back, e.g. a grown WebAssembly heap). Replies go on a
// MessagePort the caller reads synchronously; the shared word says which request is answered.
const syncLoop = `
const { workerData: __data, parentPort: __parent } = require('node:worker_threads')
const __signal = new Int32Array(__data.signal)
const __port = __data.port
const __answer = (id, reply) => {
  __port.postMessage({ id, ...reply, recycle: !!(globalThis.sandboxShouldRecycle && globalThis.sandboxShouldRecycle()) })
  Atomics.store(__signal, 0, id)
  Atomics.notify(__signal, 0)
}
Promise.resolve(globalThis.sandboxReady).then(
  () => { Atomics.store(__signal, 1, 1); Atomics.notify(__signal, 1); __parent.postMessage({ started: true }) },
  (error) => {
    const message = String(error && error.message || error)
    __port.postMessage({ id: 0, ok: false, message })
    Atomics.store(__signal, 1, 2)
    Atomics.notify(__signal, 1)
    __parent.postMessage({ started: false, message })
  },
)
__port.on('message', async ({ id, request }) => {
  try {
    __answer(id, { ok: true, value: await globalThis.handleSandboxTask(request) })
  } catch (error) {
    __answer(id, { ok: false, message: error && error.message ? String(error.message) : String(error) })
  }
})
`

interface Running {
  worker: Worker
  port: MessagePort
  /** [0]: the id of the last answered request; [1]: 0 starting, 1 ready, 2 failed to start. */
  signal: Int32Array
  started: Promise<void>
  /** When it last ran code (started, or answered a call): see close(). */
  lastActive: number
}

/** How long a recycled worker stays idle before it is ended (see replace). */
const idleEndMs = 1000

/** How long close() waits for its worker's thread to end (see close). */
const terminateWaitMs = 5000

export interface SyncSandboxOptions {
  /** Names the work in messages ("health script"). */
  name: string
  source: string
  workerData?: unknown
  /** How long a fresh worker may take to start (loading its runtime is not the task's time). */
  startMs?: number
  /** The worker's own JavaScript heap; WebAssembly memory is the source's to bound. */
  maxHeapMiB?: number
}

/**
 * Runs untrusted work synchronously for callers that cannot wait for a promise (health is
 * computed inside pure, synchronous code): the request goes to a worker thread and the caller
 * blocks on a shared word (Atomics.wait) until the answer or the deadline. Past the deadline the
 * worker is terminated (V8 stops JavaScript and WebAssembly alike, C code compiled to
 * WebAssembly included), the caller gets a SandboxLimitError, and a fresh worker starts at once
 * in the background. The caller's thread is blocked at most the deadline per request. Idle
 * workers do not keep the process alive.
 */
export class SyncSandbox {
  private running: Running | undefined
  private sequence = 0
  private closed = false

  constructor(private readonly options: SyncSandboxOptions) {}

  /** Starts the worker (or waits for the one starting) without blocking the thread. */
  async ready(): Promise<void> {
    await this.current().started
  }

  /** The handler's answer, or a SandboxLimitError past `timeoutMs`, or a UserError with the worker's reason. */
  call<T>(request: unknown, timeoutMs: number): T {
    if (this.closed) throw new UserError('Unavailable', `the ${this.options.name} runner is shut down`)
    const running = this.current()
    this.waitStarted(running)
    const id = ++this.sequence
    running.port.postMessage({ id, request })
    const deadline = performance.now() + timeoutMs
    for (let seen = Atomics.load(running.signal, 0); seen !== id; seen = Atomics.load(running.signal, 0)) {
      const left = deadline - performance.now()
      if (left <= 0) {
        this.replace(running)
        throw new SandboxLimitError('time', `${this.options.name} ran longer than ${seconds(timeoutMs)} and was stopped`)
      }
      Atomics.wait(running.signal, 0, seen, left)
    }
    const reply = this.receive(running, id)
    running.lastActive = performance.now()
    if (reply.recycle) this.replace(running, true)
    if (!reply.ok) throw new UserError('Invalid', reply.message ?? `${this.options.name} failed`)
    return reply.value as T
  }

  /** Ends the worker; later calls fail. */
  async close(): Promise<void> {
    this.closed = true
    const running = this.running
    this.running = undefined
    if (running) {
      running.port.close()
      // Not while it starts or right after it ran: V8 may still be compiling for it in the
      // background, and terminating it then aborts the whole process on Node 20 (see replace).
      // A CLI command that used Lua a moment ago waits up to that second before it exits.
      let startWait: NodeJS.Timeout | undefined
      await Promise.race([running.started.catch(() => undefined), new Promise<void>((resolve) => (startWait = setTimeout(resolve, this.options.startMs ?? 10_000)))])
      clearTimeout(startWait)
      const quiet = idleEndMs - (performance.now() - running.lastActive)
      if (quiet > 0) await new Promise<void>((resolve) => setTimeout(resolve, quiet))
      // A terminating worker does not keep the event loop alive (not even ref()'d): without the
      // timer, a caller awaiting close() with nothing else pending would see its process exit
      // before the promise settles.
      const keepAlive = setInterval(() => undefined, 60_000)
      // Bounded: once, on a busy CI machine, a started and idle Lua worker's terminate() did not
      // settle within 30 s (a test's afterAll timed out on it). Nothing is left to wait for by
      // then (no call is running), and an unreferenced thread does not keep the process alive.
      let gaveUp: NodeJS.Timeout | undefined
      try {
        await Promise.race([running.worker.terminate().catch(() => undefined), new Promise<void>((resolve) => (gaveUp = setTimeout(resolve, terminateWaitMs)))])
      } finally {
        clearTimeout(gaveUp)
        clearInterval(keepAlive)
      }
    }
  }

  private current(): Running {
    this.running ??= this.spawn()
    return this.running
  }

  private spawn(): Running {
    const signal = new Int32Array(new SharedArrayBuffer(8))
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(`${this.options.source}\n${syncLoop}`, {
      eval: true,
      workerData: { data: this.options.workerData, signal: signal.buffer, port: port2 },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMiB ?? 256 },
      stdout: true,
      stderr: true,
    })
    // A worker that dies (its heap limit, a crash) must not take the process with it: the call
    // waiting on it ends at its deadline and the next call gets a fresh worker.
    worker.on('error', () => undefined)
    worker.on('exit', () => {
      if (this.running?.worker === worker) this.running = undefined
    })
    port1.unref()
    // Referenced while it starts (a CLI awaiting ready() must not exit under it), then idle.
    const started = new Promise<void>((resolve, reject) => {
      worker.once('message', (message: { started: boolean; message?: string }) => {
        worker.unref()
        running.lastActive = performance.now()
        if (message.started) resolve()
        else reject(new UserError('Unavailable', `the ${this.options.name} runner could not start: ${message.message}`))
      })
      worker.once('exit', () => reject(new UserError('Unavailable', `the ${this.options.name} runner stopped while starting`)))
    })
    started.catch(() => undefined)
    const running: Running = { worker, port: port1, signal, started, lastActive: performance.now() }
    return running
  }

  private waitStarted(running: Running): void {
    const startMs = this.options.startMs ?? 10_000
    if (Atomics.load(running.signal, 1) === 0) Atomics.wait(running.signal, 1, 0, startMs)
    const state = Atomics.load(running.signal, 1)
    if (state === 1) return
    const message = state === 2 ? this.startFailure(running) : `the ${this.options.name} runner did not start within ${seconds(startMs)}`
    this.replace(running)
    throw new UserError('Unavailable', message)
  }

  private startFailure(running: Running): string {
    const reply = receiveMessageOnPort(running.port)?.message as { message?: string } | undefined
    return `the ${this.options.name} runner could not start: ${reply?.message ?? 'unknown reason'}`
  }

  private receive(running: Running, id: number): { ok: boolean; value?: unknown; message?: string; recycle?: boolean } {
    for (;;) {
      const reply = receiveMessageOnPort(running.port)?.message as { id: number; ok: boolean; value?: unknown; message?: string; recycle?: boolean } | undefined
      if (!reply) throw new UserError('Unavailable', `the ${this.options.name} runner answered without a reply`)
      if (reply.id === id) return reply
    }
  }

  /**
   * Ends a worker (stuck, or holding memory) and starts its successor in the background. An idle
   * worker (recycled for its memory) is ended a moment later: Node 20 unregisters a terminated
   * worker's isolate before disposing of it, and a V8 background job still finishing for it
   * (optimizing the code that just ran hot) then aborts the whole process (fixed upstream in
   * v8/node#208). A stuck one must be stopped now.
   */
  private replace(running: Running, idle = false): void {
    if (this.running === running) this.running = undefined
    running.port.close()
    if (idle) setTimeout(() => void running.worker.terminate().catch(() => undefined), idleEndMs).unref()
    else void running.worker.terminate().catch(() => undefined)
    if (!this.closed) this.running = this.spawn()
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`
}
