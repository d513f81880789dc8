import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runProcess } from './run-process'
import { failureText, runTool, setExecTimeout, setToolMemoryLimit } from './tools'

/** A tiny shell script standing in for helm, kustomize or a plugin. */
function shellScript(dir: string, name: string, body: string): string {
  const path = join(dir, name)
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
  return path
}

/** Alive: it exists and is not a zombie waiting for a parent to reap it. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe("a failing tool's message", () => {
  it('is whole when short', () => {
    expect(failureText('Error: chart not found\n')).toBe('Error: chart not found')
  })

  it('keeps the first lines, every error line and the last lines of a long one (the cause sits in the middle)', () => {
    const config = Array.from({ length: 60 }, (_, i) => `  key${i}: value`)
    const stderr = ['Error: trouble configuring builtin HelmChartInflationGenerator with config: `', ...config.slice(0, 30), 'releaseName: podinfo', '`: must specify --enable-helm', ...config.slice(30)].join('\n')
    const text = failureText(stderr)
    expect(text.split('\n')[0]).toMatch(/^Error: trouble configuring/)
    expect(text).toContain('`: must specify --enable-helm')
    expect(text).toMatch(/… \(\d+ lines\)/)
    expect(text.split('\n').length).toBeLessThan(40)
  })
})

// A tool or plugin command stops at the exec timeout, whatever it leaves behind: a tiny shell
// script stands in for helm, kustomize or a plugin.
describe('a command at the exec timeout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-tools-'))
  // A child in its own session is out of the group's reach: the test ends it itself.
  const detached = (name: string) => `setsid sh -c 'echo $$ > ${join(dir, name)}; exec sleep 300' &`
  afterAll(() => {
    for (const name of ['detached-1.pid', 'detached-2.pid']) {
      try {
        process.kill(Number(readFileSync(join(dir, name), 'utf8')), 'SIGKILL')
      } catch {
        // not started, or gone
      }
    }
    rmSync(dir, { recursive: true, force: true })
  })
  const script = (name: string, body: string) => shellScript(dir, name, body)

  it('is stopped with its whole process group, and says which setting bounds it', { timeout: 20_000 }, async () => {
    const pidFile = join(dir, 'child.pid')
    const tool = script('loops.sh', `sleep 300 &\necho $! > ${pidFile}\nwhile true; do :; done`)
    await expect(runTool(tool, [], { cwd: dir, label: 'kustomize build apps/x', timeoutMs: 1000 })).rejects.toThrow('kustomize build apps/x ran longer than 1 s and was stopped (Settings → exec timeout)')
    const child = Number(readFileSync(pidFile, 'utf8'))
    await expect.poll(() => alive(child), { timeout: 5000 }).toBe(false)
  })

  it('ends at the timeout even when a child in its own session holds stdout', { timeout: 20_000 }, async () => {
    const tool = script('detached.sh', `${detached('detached-1.pid')}\nsleep 300`)
    await expect(runTool(tool, [], { cwd: dir, label: 'plugin cmp: generate', timeoutMs: 1000 })).rejects.toThrow('plugin cmp: generate ran longer than 1 s and was stopped (Settings → exec timeout)')
  })

  it('answers when it exits 0 while a detached child still holds its stdout', { timeout: 20_000 }, async () => {
    const tool = script('exits.sh', `echo "kind: ConfigMap"\n${detached('detached-2.pid')}\nexit 0`)
    await expect(runTool(tool, [], { cwd: dir, label: 'helm template .', timeoutMs: 15_000 })).resolves.toBe('kind: ConfigMap\n')
  })

  it('still gives all of a large output written just before the exit', { timeout: 20_000 }, async () => {
    const tool = script('large.sh', 'head -c 5000000 /dev/zero | tr "\\0" a\nexit 0')
    expect((await runTool(tool, [], { cwd: dir, label: 'helm template .' })).length).toBe(5_000_000)
  })

  it('is stopped when it floods stderr past the output cap, long before its timeout', { timeout: 30_000 }, async () => {
    const flood = script('flood.sh', 'while true; do echo "warning: something is not quite right" >&2; done')
    const outcome = await runProcess(flood, [], { cwd: dir, env: process.env, timeoutMs: 600_000, maxStdoutBytes: 1024 * 1024, stderrTailBytes: 1024 })
    expect([outcome.tooLarge, outcome.timedOut]).toEqual(['stderr', false])
    expect(outcome.stderr).toContain('warning: something is not quite right')
  })

  it('takes the default from the exec timeout setting', { timeout: 20_000 }, async () => {
    setExecTimeout(1)
    try {
      await expect(runTool(script('sleeps.sh', 'sleep 300'), [], { cwd: dir, label: 'helm template .' })).rejects.toThrow('helm template . ran longer than 1 s')
    } finally {
      setExecTimeout(90)
    }
  })
})

// A tool or plugin command stops when it and all it started hold more memory than the limit (a
// chart's `range until 100000000` reached 3.2 GB in 5 s). `tail` keeps a line without an end in
// memory, so reading 600 MiB of zeros grows its resident memory steadily.
describe.runIf(process.platform === 'linux')('a command past the tool memory limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-tools-memory-'))
  const grow = 'head -c 600M /dev/zero | tail > /dev/null'
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const script = (name: string, body: string) => shellScript(dir, name, body)

  it('is stopped with its whole process group, and says which setting bounds it', { timeout: 60_000 }, async () => {
    const pidFile = join(dir, 'sleeper.pid')
    setToolMemoryLimit(100)
    try {
      const tool = script('grows.sh', `sleep 300 &\necho $! > ${pidFile}\n${grow}\nsleep 300`)
      await expect(runTool(tool, [], { cwd: dir, label: 'helm template .', timeoutMs: 50_000 })).rejects.toThrow('helm template . used more than 100 MiB of memory and was stopped (Settings → tool memory limit)')
    } finally {
      setToolMemoryLimit(2048)
    }
    await expect.poll(() => alive(Number(readFileSync(pidFile, 'utf8'))), { timeout: 5000 }).toBe(false)
  })

  it("counts what a plugin's command started in its own session (setsid), found by the run's mark", { timeout: 60_000 }, async () => {
    const pidFile = join(dir, 'detached.pid')
    const command = script('detached-grows.sh', `setsid sh -c 'echo $$ > ${pidFile}; ${grow}; sleep 300' >/dev/null 2>&1 &\nsleep 300`)
    const outcome = await runProcess(command, [], { cwd: dir, env: process.env, timeoutMs: 50_000, maxStdoutBytes: 1024, stderrTailBytes: 1024, sweepStragglers: true, memoryLimitBytes: 100 * 1024 * 1024 })
    expect(outcome).toMatchObject({ tooMuchMemory: true, timedOut: false })
    await expect.poll(() => alive(Number(readFileSync(pidFile, 'utf8'))), { timeout: 5000 }).toBe(false)
  })

  it('leaves a command under the limit alone', { timeout: 60_000 }, async () => {
    const outcome = await runProcess(script('small.sh', 'head -c 20M /dev/zero | tail > /dev/null; echo done'), [], { cwd: dir, env: process.env, timeoutMs: 50_000, maxStdoutBytes: 1024, stderrTailBytes: 1024, memoryLimitBytes: 100 * 1024 * 1024 })
    expect(outcome).toMatchObject({ code: 0, tooMuchMemory: false, stdout: Buffer.from('done\n') })
  })
})
