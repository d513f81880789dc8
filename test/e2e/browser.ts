import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const artifactsDir = resolve(repoRoot, 'test/artifacts')

/** Debian's Chromium, headless, with nothing that reaches past loopback. */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`)
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export interface RunningHarness {
  /** Everything the harness printed (its log), for failure messages. */
  output(): string
  url: string
  origin: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts the web harness the way `npm run web` does (after the build), as its own process,
 * and reads the URL it prints. `root` is the checkout whose build runs (the bench's A/B mode
 * runs an older one beside this one).
 */
export function startWebHarnessProcess(env: NodeJS.ProcessEnv = process.env, root = repoRoot): Promise<RunningHarness> {
  if (!existsSync(resolve(root, 'out/renderer/index.html')) || !existsSync(resolve(root, 'out/main/web.js'))) throw new Error(`${root}/out/ is missing: run npm run build first`)
  const child = spawn(process.execPath, ['out/main/web.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`web harness printed no URL:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /web harness: (http:\/\/\S+)/.exec(output)
      if (!match?.[1]) return
      clearTimeout(timer)
      const url = match[1]
      resolvePromise({
        output: () => output,
        url,
        origin: new URL(url).origin,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`web harness exited ${code}:\n${output}`)))
  })
}

export interface OpenUi {
  harness: RunningHarness
  browser: Browser
  page: Page
  /** Errors the page threw. */
  problems: string[]
  close(): Promise<void>
}

/** The harness on its own data folder, against the ground's kubeconfig and tools, open in Chromium. */
export async function openUi(prefix: string, kubeconfig: string, binDir: string): Promise<OpenUi> {
  mkdirSync(artifactsDir, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), `gitops-desk-${prefix}-`))
  const harness = await startWebHarnessProcess({ ...process.env, GITOPS_DESK_DATA: dataDir, KUBECONFIG: kubeconfig, PATH: `${binDir}:${process.env.PATH}` })
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(harness.url)
  return { harness, browser, page, problems, close: async () => (await browser.close(), await harness.stop(), rmSync(dataDir, { recursive: true, force: true })) }
}
