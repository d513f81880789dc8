import { chmod, cp, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { UserError } from '../../base/errors'
import type { K8sObject } from '../../base/objects'
import { objectsFromYaml } from '../objects'
import { runProcess } from '../run-process'
import { memoryMessage, timeoutMessage, toolMemoryLimit } from '../tools'
import { checkSnapshot } from '../snapshot-check'
import { z } from 'zod'
import { ParameterAnnouncement, pluginName, type ConfigManagementPlugin } from '../../model/plugin-schema'
import { masked, stderrForMessage } from '../../secrets/redact'

/** Only what a tool needs from our own environment; the plugin's comes on top. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT', 'USERPROFILE', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'SSH_AUTH_SOCK']
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]!]))
}

interface Run {
  plugin: ConfigManagementPlugin
  cwd: string
  env: Record<string, string>
  /** Secret values, given in the environment only and masked out of anything shown. */
  secrets: Record<string, string>
  timeoutMs: number
}

/**
 * Runs one of a plugin's commands: in its own process group, stopped (the whole group) at the
 * exec timeout, stdout kept (at most 64 MiB), stderr's end kept for the message; a failure names
 * the plugin, the step, the exit code and what it said, with secrets masked.
 */
export async function runStep(step: 'init' | 'generate' | 'discover' | 'parameters', command: { command: string[]; args?: string[] | undefined }, run: Run): Promise<string> {
  const name = pluginName(run.plugin)
  const [binary, ...rest] = command.command
  const secretValues = Object.values(run.secrets)
  const memoryLimitMiB = toolMemoryLimit()
  let outcome
  try {
    outcome = await runProcess(binary!, [...rest, ...(command.args ?? [])], { cwd: run.cwd, env: { ...baseEnv(), ...run.env, ...run.secrets }, timeoutMs: run.timeoutMs, maxStdoutBytes: 64 * 1024 * 1024, stderrTailBytes: 16384, sweepStragglers: true, memoryLimitBytes: memoryLimitMiB * 1024 * 1024 })
  } catch (error) {
    throw new UserError('Unavailable', `plugin ${name}: cannot run its ${step} command ${binary}: ${(error as Error).message}`, `plugin ${name}`)
  }
  if (outcome.timedOut) throw new UserError('Unavailable', timeoutMessage(`plugin ${name}: ${step}`, run.timeoutMs), `plugin ${name}`)
  if (outcome.tooMuchMemory) throw new UserError('Invalid', memoryMessage(`plugin ${name}: ${step}`, memoryLimitMiB), `plugin ${name}`)
  if (outcome.tooLarge) throw new UserError('Invalid', `plugin ${name}: ${step} printed more than 64 MiB${outcome.tooLarge === 'stderr' ? ' on stderr' : ''}`, `plugin ${name}`)
  if (outcome.code === 0) return outcome.stdout.toString('utf8')
  const said = stderrForMessage(outcome.stderr, secretValues, { truncated: outcome.stderr.length >= 16384 })
  throw new UserError('Invalid', `plugin ${name}: ${step} failed (exit ${outcome.code ?? outcome.signal})${said ? `: ${said}` : ''}`, `plugin ${name}`)
}

/** Files of the scratch copy lose their modes unless the plugin asks to keep them (preserveFileMode). */
async function normalizeModes(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      await chmod(path, 0o755)
      await normalizeModes(path)
    } else if (entry.isFile()) await chmod(path, 0o644)
  }
}

/**
 * A plugin's parameters as its app editor shows them: the static announcements, then what its
 * `parameters.dynamic` command prints (a JSON list of announcements) run in the app's path.
 */
export async function pluginParameters(run: Omit<Run, 'cwd'> & { repoRoot: string; appPath: string }): Promise<ParameterAnnouncement[]> {
  const statics = run.plugin.spec.parameters?.static ?? []
  const dynamic = run.plugin.spec.parameters?.dynamic
  if (!dynamic) return statics
  const out = await inScratchCopy(run, (cwd) => runStep('parameters', dynamic, { ...run, cwd }))
  let parsed: unknown
  try {
    parsed = JSON.parse(out)
  } catch (error) {
    throw new UserError('Invalid', `plugin ${pluginName(run.plugin)}: parameters.dynamic did not print JSON: ${(error as Error).message}`, `plugin ${pluginName(run.plugin)}`)
  }
  const announced = z.array(ParameterAnnouncement).safeParse(parsed)
  if (!announced.success) throw new UserError('Invalid', `plugin ${pluginName(run.plugin)}: parameters.dynamic printed no list of parameter announcements (${announced.error.issues[0]?.message})`, `plugin ${pluginName(run.plugin)}`)
  return [...statics.filter((s) => !announced.data.some((d) => d.name === s.name)), ...announced.data]
}

/**
 * Renders a source with a plugin as Argo CD's sidecar does: the repository copied to a scratch
 * folder (the cache is never written), init then generate run in the app's path with the plugin's
 * environment, the output read as a YAML or JSON stream with the same checks as a directory.
 */
/** Runs work in a scratch copy of the repository, in the app's path (the cache is never written). */
async function inScratchCopy<T>(run: { plugin: ConfigManagementPlugin; repoRoot: string; appPath: string }, work: (cwd: string) => Promise<T>): Promise<T> {
  // The copy keeps links as they are: none may lead out of the repository (checked once per snapshot).
  await checkSnapshot(run.repoRoot)
  const scratch = await mkdtemp(join(tmpdir(), 'gitops-desk-plugin-'))
  try {
    const copy = join(scratch, 'repo')
    await cp(run.repoRoot, copy, { recursive: true, verbatimSymlinks: true })
    if (!run.plugin.spec.preserveFileMode) await normalizeModes(copy)
    return await work(resolve(copy, run.appPath || '.'))
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

export async function renderWithPlugin(run: Omit<Run, 'cwd'> & { repoRoot: string; appPath: string }): Promise<K8sObject[]> {
  const name = pluginName(run.plugin)
  const output = await inScratchCopy(run, async (cwd) => {
    const step = { ...run, cwd }
    if (run.plugin.spec.init) await runStep('init', run.plugin.spec.init, step)
    return runStep('generate', run.plugin.spec.generate, step)
  })
  try {
    return objectsFromYaml(output, `the output of plugin ${name}`, { toolOutput: true })
  } catch (error) {
    const where = error instanceof UserError && error.where ? error.where.replace(/^the output of plugin \S+:/, 'line ') : ''
    throw new UserError('Invalid', masked(`the output of plugin ${name}${where ? ` (${where})` : ''} is not Kubernetes YAML or JSON: ${(error as Error).message}`, Object.values(run.secrets)), `plugin ${name}`)
  }
}
