import { spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'

export interface ProcessRecord {
  pid: number
  command: string
  args: string[]
  log: string
}

/** Starts a long-lived process in its own group, logging to a file; it outlives this process. */
export function startProcess(command: string, args: string[], log: string, env: NodeJS.ProcessEnv = process.env): ProcessRecord {
  const fd = openSync(log, 'a')
  const child = spawn(command, args, { detached: true, stdio: ['ignore', fd, fd], env })
  closeSync(fd)
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  child.unref()
  return { pid: child.pid, command, args, log }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** SIGTERM to the process group, then SIGKILL if it has not gone within the grace period. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig)
    } catch {
      try {
        process.kill(pid, sig)
      } catch {
        /* already gone */
      }
    }
  }
  signal('SIGTERM')
  const deadline = Date.now() + graceMs
  while (isAlive(pid) && Date.now() < deadline) await sleep(100)
  if (isAlive(pid)) signal('SIGKILL')
  while (isAlive(pid)) await sleep(50)
}

export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A port that was free a moment ago on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** Polls until check() is true; fails with the process's log when it died or time ran out. */
export async function waitFor(what: string, check: () => Promise<boolean>, proc: ProcessRecord, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    if (!isAlive(proc.pid)) throw new Error(`${what}: ${proc.command} exited; last log lines:\n${logTail(proc.log)}`)
    await sleep(250)
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s; last log lines:\n${logTail(proc.log)}`)
}

/** Whether something listens on a loopback port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}
