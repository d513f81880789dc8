import type { Command } from 'commander'
import type { DeskService } from '../engine/service/desk-service'
import type { StoreService } from '../engine/service/store-service'
import { defaultDataDir } from '../engine/store/data-dir'

export interface GlobalOptions {
  dataDir?: string
  kubeconfig?: string
}

/**
 * The engine's command service over the data folder the global options name; opened once per
 * command, without a reconcile loop (commands that need one ask for it).
 */
export async function deskFor(command: Command): Promise<DeskService> {
  const options = command.optsWithGlobals<GlobalOptions>()
  if (options.kubeconfig) process.env.KUBECONFIG = options.kubeconfig
  // Loaded when a command needs it: the Kubernetes client alone takes half a second to load.
  const { DeskService } = await import('../engine/service/desk-service')
  const desk = new DeskService({ dataDir: options.dataDir ?? defaultDataDir(), controller: false, eventBatchMs: 0 })
  warnAbout(desk.warnings())
  return desk
}

/** The stored apps, projects and settings alone: for the commands that need no cluster, Git or keychain. */
export async function storeFor(command: Command): Promise<StoreService> {
  const { openStoreService } = await import('../engine/service/store-service')
  const store = openStoreService(command.optsWithGlobals<GlobalOptions>().dataDir ?? defaultDataDir())
  warnAbout(store.warnings())
  return store
}

function warnAbout(warnings: string[]): void {
  for (const warning of warnings) process.stderr.write(`gitops-desk: warning: ${warning}\n`)
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
