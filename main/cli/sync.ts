import { Command, Option } from 'commander'
import type { OperationState } from '../engine/sync/operation'
import { resolveApp } from './app-source'
import { engineFor, out } from './context'
import { exitCodes, outcome } from './exit-codes'

export function syncCommand(): Command {
  return new Command('sync')
    .description('sync an Application to its cluster in Argo CD\'s order (exit 0 Succeeded, 1 Failed, 2 error)')
    .argument('<app>', 'an Application YAML file, or the name of a stored app')
    .option('--prune', 'delete live objects of the app that Git no longer has')
    .option('--dry-run', 'dry-run every object; change nothing')
    .option('--force', 'take over fields another field manager owns')
    .addOption(new Option('--resource <group/kind/namespace/name...>', 'sync only these resources (no hooks)'))
    .option('--revision <rev>', 'sync this commit, tag or branch instead of the targetRevision')
    .option('--context <name>', 'sync to this kubeconfig context instead of the destination')
    .option('--yes', 'confirm a sync to a protected context')
    .option('--app <name>', 'which Application, when the file has several')
    .action(async (ref: string, opts: { prune?: boolean; dryRun?: boolean; force?: boolean; resource?: string[]; revision?: string; context?: string; app?: string; yes?: boolean }, command: Command) => {
      const engine = engineFor(command)
      const app = resolveApp(engine, ref, opts.app)
      const progress = progressPrinter()
      // Ctrl-C terminates the operation between steps (as argocd app terminate-op), a second one quits.
      const onInterrupt = () => {
        if (!engine.terminate(app.metadata.name)) process.exit(130)
        process.off('SIGINT', onInterrupt)
        out('terminating the operation (Ctrl-C again to quit at once)')
      }
      process.on('SIGINT', onInterrupt)
      try {
        const result = await engine.sync(app, {
          prune: opts.prune ?? false,
          dryRun: opts.dryRun ?? false,
          force: opts.force ?? false,
          ...(opts.resource ? { resources: opts.resource } : {}),
          ...(opts.context ? { context: opts.context } : {}),
          ...(opts.revision ? { revision: opts.revision } : {}),
          confirmed: opts.yes ?? false,
          onState: progress,
        })
        reportResult(app.metadata.name, result)
      } finally {
        process.off('SIGINT', onInterrupt)
        await engine.close()
      }
    })
}

/** Prints each resource's result once it changes: progress as the operation streams it. */
export function progressPrinter(): (state: OperationState) => void {
  const printed = new Map<string, string>()
  let said = ''
  return (state) => {
    if ((state.phase === 'Running' || state.phase === 'Terminating') && state.message && state.message !== said) {
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
export function reportResult(appName: string, result: OperationState & { context: string; revision: string }): void {
  out(`${appName} on ${result.context} at ${result.revision.slice(0, 8)}: ${result.phase}: ${result.message}`)
  outcome.code = result.phase === 'Succeeded' ? exitCodes.ok : result.phase === 'Failed' ? exitCodes.finding : exitCodes.error
}
