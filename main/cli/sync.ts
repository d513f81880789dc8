import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { examples } from './help'
import { isOperationRunning, type Operation, type SyncConsent } from '../../shared/model'
import type { DeskService } from '../engine/service/desk-service'
import { deskFor, out } from './context'
import { exitCodes, outcome } from './exit-codes'
import { shortRevision } from './revision'

export function syncCommand(): Command {
  const command = new Command('sync')
    .description('sync an Application to its cluster in Argo CD\'s order (exit 0 Succeeded, 1 Failed, 2 error)')
    .argument('<app>', 'an Application YAML file, or the name of a stored app')
    .option('--prune', 'delete live objects of the app that Git no longer has')
    .option('--dry-run', 'dry-run every object; change nothing')
    .option('--force', 'delete and re-create resources whose update is refused (an immutable field), as argocd app sync --force')
    .addOption(new Option('--resource <group/kind/namespace/name...>', 'sync only these resources (no hooks)'))
    .option('--revision <rev>', 'sync this commit, tag or branch instead of the targetRevision')
    .option('--context <name>', 'sync to this kubeconfig context instead of the destination')
    .option('--yes', 'confirm a sync to a protected context')
    .option('--confirm-prune', 'confirm the prunes of resources marked Prune=confirm')
    .option('--prune-all', 'confirm pruning every resource of the app (Git has none left)')
    .option('--app <name>', 'which Application, when the file has several')
    .option('--local <dir>', "deploy this local checkout of the app's repository as it is, uncommitted changes included (as argocd app sync --local; a protected context also needs --yes)")
    .option('--yes-uncommitted', 'confirm deploying uncommitted changes (with --local)')
    .action(async (ref: string, opts: SyncFlags & { prune?: boolean; dryRun?: boolean; force?: boolean; resource?: string[]; revision?: string; context?: string; app?: string; local?: string; yesUncommitted?: boolean }, command: Command) => {
      const desk = await deskFor(command)
      const { resolveApp } = await import('./app-source')
      const app = resolveApp(desk, ref, opts.app)
      const intent = {
        prune: opts.prune ?? false,
        dryRun: opts.dryRun ?? false,
        force: opts.force ?? false,
        ...(opts.resource ? { resources: opts.resource } : {}),
        ...(opts.revision ? { revision: opts.revision } : {}),
        consent: { ...(await consentOf(desk, app, opts)), ...(opts.yesUncommitted ? { uncommitted: true } : {}) },
      }
      const options = opts.context ? { context: opts.context } : {}
      await follow(desk, app.metadata.name, () => (opts.local ? desk.workingCopies.syncOnce(app, resolve(opts.local), intent, options) : desk.syncDefinition(app, intent, options)))
    })
  return examples(command, ['gitops-desk sync guestbook', 'gitops-desk sync guestbook --prune --dry-run', 'gitops-desk sync guestbook --resource apps/Deployment/default/guestbook-ui', 'gitops-desk sync guestbook --yes            # a protected context', 'gitops-desk sync guestbook --prune --confirm-prune   # also Prune=confirm resources', 'gitops-desk sync guestbook --local ~/src/guestbook --yes-uncommitted', 'gitops-desk sync guestbook --local ~/src/guestbook --yes --yes-uncommitted   # a protected context'])
}

export interface SyncFlags {
  yes?: boolean
  confirmPrune?: boolean
  pruneAll?: boolean
  context?: string
}

/**
 * The flags, as the consents the engine asks for: --yes names the context the app goes to (the
 * engine decides whether that context needs it), the prune consents are their own flags.
 */
export async function consentOf(desk: DeskService, app: Parameters<DeskService['syncDefinition']>[0], flags: SyncFlags): Promise<SyncConsent> {
  return {
    ...(flags.yes ? { context: flags.context ?? (await desk.destinationContext(app)) } : {}),
    ...(flags.confirmPrune ? { prunes: true } : {}),
    ...(flags.pruneAll ? { pruneAll: true } : {}),
  }
}

/**
 * Starts an operation and prints its progress from the operation events until it ends; Ctrl-C
 * terminates it between steps (as argocd app terminate-op), a second one quits.
 */
export async function follow(desk: DeskService, appName: string, start: () => Promise<Operation>): Promise<void> {
  const progress = progressPrinter()
  const unsubscribe = desk.subscribe((events) => events.forEach((e) => e.type === 'operation' && e.app === appName && progress(e.operation)))
  const onInterrupt = () => {
    if (!desk.terminate(appName)) process.exit(130)
    process.off('SIGINT', onInterrupt)
    out('terminating the operation (Ctrl-C again to quit at once)')
  }
  process.on('SIGINT', onInterrupt)
  try {
    await start()
    const result = await desk.waitForOperation(appName)
    if (result) reportResult(result)
  } finally {
    process.off('SIGINT', onInterrupt)
    unsubscribe()
    await desk.close()
  }
}

/** Prints each resource's result once it changes: progress as the operation streams it. */
export function progressPrinter(): (state: Operation) => void {
  const printed = new Map<string, string>()
  let said = ''
  return (state) => {
    if (isOperationRunning(state) && state.message && state.message !== said) {
      said = state.message
      out(`-- ${state.message}`)
    }
    for (const r of state.resources) {
      const line = `${r.phase.padEnd(8)} wave ${String(r.wave).padStart(2)}  ${r.key}  ${r.code}${r.message ? `  ${r.message}` : ''}`
      if (r.code !== 'Pending' && printed.get(`${r.action}:${r.key}`) !== line) {
        printed.set(`${r.action}:${r.key}`, line)
        out(line)
      }
    }
  }
}

/** The closing line, and the exit code: 0 Succeeded, 1 Failed, 2 anything else. */
export function reportResult(result: Operation): void {
  const line = `${result.app} on ${result.context} at ${shortRevision(result.revision) || '-'}: ${result.phase}: ${result.message}`
  // An operation that could not run (refused, unrenderable) is an error, reported as errors are.
  if (result.phase === 'Error') process.stderr.write(`gitops-desk: ${line}\n`)
  else out(line)
  outcome.code = result.phase === 'Succeeded' ? exitCodes.ok : result.phase === 'Failed' ? exitCodes.finding : exitCodes.error
}
