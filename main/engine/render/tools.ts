import { existsSync } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { UserError } from '../base/errors'
import { runProcess } from './run-process'

export type ToolName = 'helm' | 'kustomize'

const installHelp: Record<ToolName, string> = {
  helm: 'install Helm 3 (https://helm.sh/docs/intro/install/)',
  kustomize: 'install kustomize 5 (https://kubectl.docs.kubernetes.io/installation/kustomize/)',
}

/** Finds a tool: the path set in settings, else PATH. A missing one says how to fix it. */
export function findTool(name: ToolName, configuredPath?: string): string {
  if (configuredPath) {
    if (existsSync(configuredPath)) return configuredPath
    throw new UserError('Unavailable', `${name} not found at ${configuredPath} (the ${name} path set in Settings → Tools); ${installHelp[name]} or fix the path`, `settings.tools.${name}Path`)
  }
  const exe = process.platform === 'win32' ? `${name}.exe` : name
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isAbsolute(dir) && existsSync(join(dir, exe))) return join(dir, exe)
  }
  throw new UserError('Unavailable', `${name} not found on PATH: ${installHelp[name]}, or set its path in Settings → Tools (${name}Path)`, `settings.tools.${name}Path`)
}

/**
 * How long any command of a repository's tools or plugins may run (Argo CD's exec timeout,
 * ARGOCD_EXEC_TIMEOUT, 90 s by default). The engine sets it from Settings → exec timeout.
 */
let execTimeoutMs = 90_000

export function setExecTimeout(seconds: number): void {
  execTimeoutMs = seconds * 1000
}

export function execTimeout(): number {
  return execTimeoutMs
}

/**
 * How much resident memory any command of a repository's tools or plugins may hold, with all it
 * started (Linux only). The engine sets it from Settings → tool memory limit.
 */
let toolMemoryLimitMiB = 2048

export function setToolMemoryLimit(mib: number): void {
  toolMemoryLimitMiB = mib
}

export function toolMemoryLimit(): number {
  return toolMemoryLimitMiB
}

/** The message of a command stopped at the memory limit. */
export function memoryMessage(label: string, limitMiB: number): string {
  return `${label} used more than ${limitMiB} MiB of memory and was stopped (Settings → tool memory limit)`
}

/** The message of a command stopped at the exec timeout. */
export function timeoutMessage(label: string, timeoutMs: number): string {
  return `${label} ran longer than ${Math.round(timeoutMs / 100) / 10} s and was stopped (Settings → exec timeout)`
}

const maxOutputBytes = 64 * 1024 * 1024

/**
 * Runs a tool, stopped (its whole process group) at the exec timeout or the memory limit; a
 * failure carries its stderr, trimmed, and the command that failed.
 */
export async function runTool(binary: string, args: string[], options: { cwd: string; label: string; input?: string; env?: Record<string, string>; timeoutMs?: number }): Promise<string> {
  const timeoutMs = options.timeoutMs ?? execTimeoutMs
  const memoryLimitMiB = toolMemoryLimitMiB
  let outcome
  try {
    outcome = await runProcess(binary, args, { cwd: options.cwd, env: { ...process.env, HELM_NO_PLUGINS: '1', ...options.env }, ...(options.input !== undefined ? { input: options.input } : {}), timeoutMs, maxStdoutBytes: maxOutputBytes, stderrTailBytes: 65536, memoryLimitBytes: memoryLimitMiB * 1024 * 1024 })
  } catch (error) {
    throw new UserError('Unavailable', `cannot run ${options.label}: ${(error as Error).message}`)
  }
  if (outcome.timedOut) throw new UserError('Unavailable', timeoutMessage(options.label, timeoutMs))
  if (outcome.tooMuchMemory) throw new UserError('Invalid', memoryMessage(options.label, memoryLimitMiB))
  if (outcome.code === 0 && !outcome.tooLarge) return outcome.stdout.toString('utf8')
  const reason = outcome.tooLarge ? `${outcome.tooLarge === 'stderr' ? 'error output' : 'output'} larger than 64 MiB` : failureText(outcome.stderr) || `exit ${outcome.code ?? outcome.signal}`
  throw new UserError('Invalid', `${options.label} failed: ${reason}`)
}

/**
 * What a failing tool said, whole when it is short; else its first lines, every line that says
 * "error", and its last lines. (The cause is often a line in the middle: kustomize prints the
 * chart's whole config between "Error:" and "must specify --enable-helm".)
 */
export function failureText(stderr: string): string {
  const lines = stderr.trim().split('\n')
  if (lines.length <= 30) return lines.join('\n')
  const keep = new Set<number>()
  lines.forEach((line, i) => (i < 8 || i >= lines.length - 12 || /\berror\b|must |cannot |not found|failed/i.test(line)) && keep.add(i))
  const out: string[] = []
  let last = -1
  for (const i of [...keep].sort((a, b) => a - b).slice(0, 60)) {
    if (i > last + 1) out.push(`  … (${i - last - 1} lines)`)
    out.push(lines[i]!)
    last = i
  }
  return out.join('\n')
}

const versions = new Map<string, Promise<string>>()

/** A tool's version (part of the render cache key); "missing" when it cannot be found or run. */
export function toolVersion(name: ToolName, configuredPath?: string): Promise<string> {
  let binary: string
  try {
    binary = findTool(name, configuredPath)
  } catch {
    return Promise.resolve('missing')
  }
  let version = versions.get(binary)
  if (!version) {
    const args = name === 'helm' ? ['version', '--short'] : ['version']
    version = runTool(binary, args, { cwd: process.cwd(), label: `${name} version` }).then((out) => out.trim(), () => 'unknown')
    versions.set(binary, version)
  }
  return version
}
