import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { repoRoot } from '../e2e/browser'
import type { Figures } from './figures'
import type { ChildMessage } from './child-serve'

/** Clock ticks per second in /proc/PID/stat (Linux USER_HZ). */
const clockTicks = 100

/** CPU seconds, resident memory now and at its peak (VmHWM) of a process, from /proc. */
export function processUsage(pid: number): { cpuS: number; rssMb: number; peakMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const cpuS = (Number(fields[11]) + Number(fields[12])) / clockTicks
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024
  return { cpuS, rssMb: kb('VmRSS'), peakMb: kb('VmHWM') }
}

/**
 * A bench scenario's engine in a process of its own, so its CPU and memory are its own (read
 * from /proc, as a peer's are). It runs from a bundle of `entry` (esbuild; dependencies stay in
 * node_modules, as the app's build leaves them), not through tsx: tsx's compiler and source maps
 * add about 100 MB to a process that the built app never carries.
 */
export class BenchChild {
  private next = 0
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  private exitError: Error | undefined

  private constructor(private readonly child: ChildProcess, figures: Figures) {
    child.on('message', (message: ChildMessage) => {
      if ('figure' in message) return void figures.record(message.figure.name, message.figure.value, message.figure.unit)
      const waiter = this.waiting.get(message.id)
      this.waiting.delete(message.id)
      if (message.ok) waiter?.resolve(message.value)
      else waiter?.reject(new Error(message.error))
    })
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`bench child exited (${code ?? signal}) with ${this.waiting.size} requests unanswered`)
      for (const waiter of this.waiting.values()) waiter.reject(this.exitError)
      this.waiting.clear()
    })
  }

  /** Bundles `entry` (a file under test/bench) into out/bench: the file to run with node. */
  static async bundle(entry: string): Promise<string> {
    const outfile = join(repoRoot, 'out/bench', entry.replace(/\.ts$/, '.mjs'))
    await build({ entryPoints: [join(repoRoot, 'test/bench', entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
    return outfile
  }

  /** Bundles `entry` and starts it with `config` as its argument, answering requests (child-serve.ts). */
  static async start(entry: string, config: unknown, figures: Figures): Promise<BenchChild> {
    const outfile = await BenchChild.bundle(entry)
    const child = fork(outfile, [JSON.stringify(config)], { cwd: repoRoot, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const started = new BenchChild(child, figures)
    await started.request('ready')
    return started
  }

  get pid(): number {
    return this.child.pid!
  }

  /** Asks the child to run one of its operations; answers what it answered. */
  request<T = unknown>(op: string, args: unknown = {}): Promise<T> {
    if (this.exitError) return Promise.reject(this.exitError)
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.child.send({ id, op, args })
    })
  }

  /** Asks the child to close its engine and exit, and waits for it (killed if it has not after 30 s). */
  async close(): Promise<void> {
    if (this.exitError) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    await this.request('close').catch(() => undefined)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(timer)
  }
}
