import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { failureText, runTool, setExecTimeout } from './tools'

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
  const script = (name: string, body: string) => {
    const path = join(dir, name)
    writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 })
    return path
  }
  // Alive: it exists and is not a zombie waiting for a parent to reap it.
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
    } catch {
      return false
    }
  }

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

  it('takes the default from the exec timeout setting', { timeout: 20_000 }, async () => {
    setExecTimeout(1)
    try {
      await expect(runTool(script('sleeps.sh', 'sleep 300'), [], { cwd: dir, label: 'helm template .' })).rejects.toThrow('helm template . ran longer than 1 s')
    } finally {
      setExecTimeout(90)
    }
  })
})
