import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { GroupMemory } from './group-memory'

/** What a command left: its exit, its stdout (up to the cap), the end of its stderr. */
export interface ProcessOutcome {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: string
  /** It ran past its time limit; its process group was killed. */
  timedOut: boolean
  /** Which of its outputs passed the cap (its process group was killed), or false. */
  tooLarge: false | 'stdout' | 'stderr'
  /** Its processes together held more memory than the limit; its process group was killed. */
  tooMuchMemory: boolean
}

export interface ProcessOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  input?: string
  timeoutMs: number
  /** The most a command may print, on stdout and on stderr each (only stderr's end is kept). */
  maxStdoutBytes: number
  stderrTailBytes: number
  /** The most resident memory the command and all it started may hold together (Linux only). */
  memoryLimitBytes?: number
  /**
   * Also end what the command left running outside its process group (a child that called
   * setsid). Plugins run the repository's own commands; helm and kustomize start none.
   */
  sweepStragglers?: boolean
}

const stragglerVariable = 'GITOPS_DESK_COMMAND_RUN'

/**
 * Ends every process that inherited this run's mark in its environment (Linux: /proc). A process
 * that left the command's group (setsid) cannot be reached by the group kill; its environment
 * still says whose it is, unless it cleared it on purpose.
 */
async function killStragglers(mark: string): Promise<number> {
  if (process.platform !== 'linux') return 0
  let killed = 0
  const needle = Buffer.from(`${stragglerVariable}=${mark}\0`)
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
  await Promise.all(
    pids.map(async (pid) => {
      const environ = await readFile(`/proc/${pid}/environ`).catch(() => null)
      if (!environ?.includes(needle)) return
      try {
        process.kill(Number(pid), 'SIGKILL')
        killed++
      } catch {
        // gone already
      }
    }),
  )
  return killed
}

/**
 * A few more sweeps after the answer, 200 ms apart, until one finds nothing: a straggler caught
 * mid-exec has an empty environment for that moment (so the first sweep misses it), and one a
 * busy machine had not yet scheduled starts late. Bounded: at most 5 more sweeps (about 1 s).
 */
async function sweepAgain(mark: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    await new Promise((done) => setTimeout(done, 200).unref())
    if ((await killStragglers(mark)) === 0 && round > 0) return
  }
}

/**
 * After the command exits, how long its pipes may stay quiet before they are closed. A child it
 * left behind in another session (`setsid sleep 300 &`) can hold stdout open forever; waiting for
 * the pipe to close would hang the render.
 */
const drainMs = 500

/** How often the memory of a running command is read: a runaway grows ~1 GB/s at most this way. */
const memorySampleMs = 200

/**
 * Runs a command of a repository's tool or plugin in its own process group and always ends: at
 * the time limit (or past the output cap) the whole group is killed and the answer comes at once,
 * without waiting for pipes a detached child may hold; after a normal exit the rest of its group
 * is killed too and the output still in the pipes is read for a short while.
 */
export function runProcess(binary: string, args: string[], options: ProcessOptions): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const ownGroup = process.platform !== 'win32'
    const mark = options.sweepStragglers ? randomUUID() : undefined
    const env = mark ? { ...options.env, [stragglerVariable]: mark } : options.env
    const child = spawn(binary, args, { cwd: options.cwd, env, detached: ownGroup, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let outBytes = 0
    let errBytes = 0
    let stderr = ''
    let timedOut = false
    let tooLarge: ProcessOutcome['tooLarge'] = false
    let tooMuchMemory = false
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined
    let settled = false
    let drain: NodeJS.Timeout | undefined
    let lastRead: NodeJS.Immediate | undefined
    const killGroup = () => {
      try {
        if (ownGroup && child.pid) process.kill(-child.pid, 'SIGKILL')
        else child.kill('SIGKILL')
      } catch {
        // The group is gone already.
      }
    }
    const settle = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(sampler)
      clearTimeout(drain)
      clearImmediate(lastRead)
      child.stdout.destroy()
      child.stderr.destroy()
      const outcome = { code: exit?.code ?? null, signal: exit?.signal ?? null, stdout: Buffer.concat(out), stderr, timedOut, tooLarge, tooMuchMemory }
      if (mark) void killStragglers(mark).then(() => (resolve(outcome), void sweepAgain(mark)))
      else resolve(outcome)
    }
    // Quiet since the exit: settle, but from the check phase, after this loop turn's poll phase has
    // read what is still in the pipes (a busy event loop runs late timers before reading I/O).
    const drainAfterExit = () => {
      clearTimeout(drain)
      clearImmediate(lastRead)
      drain = setTimeout(() => (lastRead = setImmediate(settle)), drainMs)
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
      settle()
    }, options.timeoutMs)
    const sampler = memorySampler(child.pid, mark, options.memoryLimitBytes, () => {
      if (settled || exit) return
      tooMuchMemory = true
      killGroup()
      settle()
    })
    child.stdout.on('data', (d: Buffer) => {
      if (exit) drainAfterExit()
      outBytes += d.length
      if (outBytes <= options.maxStdoutBytes) return void out.push(d)
      tooLarge = 'stdout'
      killGroup()
      settle()
    })
    child.stderr.on('data', (d: Buffer) => {
      if (exit) drainAfterExit()
      stderr = (stderr + d.toString()).slice(-options.stderrTailBytes)
      // A command flooding stderr is stopped as one flooding stdout is (not left to the exec timeout).
      errBytes += d.length
      if (errBytes <= options.maxStdoutBytes) return
      tooLarge = 'stderr'
      killGroup()
      settle()
    })
    child.stdin.on('error', () => undefined) // a command that does not read its input
    child.on('error', (error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearInterval(sampler)
      reject(error)
    })
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      killGroup()
      drainAfterExit()
    })
    child.on('close', settle)
    if (options.input !== undefined) child.stdin.end(options.input)
    else child.stdin.end()
  })
}

/**
 * Reads the memory of a command's processes every 200 ms and calls `over` when they hold more
 * than the limit together. Linux only (elsewhere, and with no limit, nothing is read).
 */
function memorySampler(leader: number | undefined, mark: string | undefined, limitBytes: number | undefined, over: () => void): NodeJS.Timeout | undefined {
  if (!leader || !limitBytes || !GroupMemory.supported()) return undefined
  const memory = new GroupMemory(leader, mark ? Buffer.from(`${stragglerVariable}=${mark}\0`) : undefined)
  let reading = false
  const sampler = setInterval(() => {
    if (reading) return
    reading = true
    void memory
      .residentBytes()
      .then((bytes) => bytes > limitBytes && over())
      .finally(() => (reading = false))
  }, memorySampleMs)
  sampler.unref()
  return sampler
}
