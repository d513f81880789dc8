import { Command, Option } from 'commander'
import { examples } from './help'
import { deskFor, out, warn } from './context'
import { exitCodes, outcome } from './exit-codes'

export function diffCommand(): Command {
  const command = new Command('diff')
    .description('compare an Application\'s target state with its cluster (exit 0 Synced, 1 OutOfSync, 2 error, like kubectl diff)')
    .argument('<app>', 'an Application YAML file, or the name of a stored app')
    .option('--client-side', 'compare without a server-side dry run (for clusters that forbid it)')
    .option('--context <name>', 'compare against this kubeconfig context instead of the destination')
    .option('--app <name>', 'which Application, when the file has several')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (ref: string, opts: { clientSide?: boolean; context?: string; app?: string; output: string }, command: Command) => {
      const desk = await deskFor(command)
      const { resolveApp } = await import('./app-source')
      const app = resolveApp(desk, ref, opts.app)
      const result = await desk.diffDefinition(app, { mode: opts.clientSide ? 'client-side' : 'server-side', ...(opts.context ? { context: opts.context } : {}) })
      if (opts.output === 'json') {
        out(JSON.stringify({ app: app.metadata.name, context: result.context, revision: result.revision, status: result.status, resources: result.resources }, null, 2))
      } else {
        for (const r of result.resources) {
          if (r.notice) warn(`${r.key}: ${r.notice}`)
          if (r.error) out(`${r.key}: cannot compare: ${r.error.message}`)
          else if (r.status !== 'Synced') out(`${r.key} (${r.status})\n${r.unifiedDiff}`)
        }
        const count = (s: string) => result.resources.filter((r) => r.status === s).length
        const differing = result.resources.filter((r) => r.status !== 'Synced').length
        out(`${app.metadata.name} on ${result.context} at ${result.revision.slice(0, 8)}: ${result.status}, ${differing} of ${result.resources.length} resources differ (${count('OutOfSync')} OutOfSync, ${count('Missing')} Missing, ${count('Extra')} Extra)`)
      }
      outcome.code = result.status === 'Synced' ? exitCodes.ok : result.status === 'OutOfSync' ? exitCodes.finding : exitCodes.error
    })
  return examples(command, ['gitops-desk diff guestbook', 'gitops-desk diff app.yaml --context kind-dev', 'gitops-desk diff guestbook -o json | jq \'.resources[] | select(.status != "Synced") | .key\''])
}
