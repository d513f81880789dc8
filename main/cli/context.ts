import type { Command } from 'commander'
import { Engine } from '../engine/engine'
import { defaultDataDir } from '../engine/store/data-dir'

export interface GlobalOptions {
  dataDir?: string
  kubeconfig?: string
}

/** The engine over the data folder the global options name; opened once per command. */
export function engineFor(command: Command): Engine {
  const options = command.optsWithGlobals<GlobalOptions>()
  if (options.kubeconfig) process.env.KUBECONFIG = options.kubeconfig
  const engine = new Engine({ dataDir: options.dataDir ?? defaultDataDir() })
  if (engine.store.recovery) process.stderr.write(`gitops-desk: warning: ${engine.store.recovery}\n`)
  return engine
}

export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

export function warn(text: string): void {
  process.stderr.write(`gitops-desk: warning: ${text}\n`)
}

/** Reads all of standard input (for secrets, which never come from the command line). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n')
}
