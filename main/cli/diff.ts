import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import type { DeskService } from '../engine/service/desk-service'
import type { CompareSide } from '../../shared/model'
import { examples } from './help'
import { deskFor, out, warn } from './context'
import { comparisonSides, type CompareOptions } from './compare-sides'
import { exitCodes, outcome } from './exit-codes'
import { shortRevision } from './revision'

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value]

export function diffCommand(): Command {
  const command = new Command('diff')
    .description('compare an Application\'s target state with its cluster (exit 0 Synced, 1 OutOfSync, 2 error, like kubectl diff); or, side by side, with another app or a revision (exit 0 the same, 1 different)')
    .argument('<app>', 'an Application YAML file, or the name of a stored app')
    .option('--client-side', 'compare without a server-side dry run (for clusters that forbid it)')
    .option('--context <name>', 'compare against this kubeconfig context instead of the destination')
    .option('--app <name>', 'which Application, when the file has several')
    .option('--local <dir>', "render from this local checkout of the app's repository, uncommitted changes included (as argocd app diff --local)")
    .option('--against <app2>', 'side by side: compare with another stored app (the same app on another cluster)')
    .option('--revision <rev>', 'side by side: compare with the app rendered at this commit, tag or branch (twice: two revisions)', collect)
    .option('--live', 'with --against: both apps\' live objects; with --revision: the app\'s live objects against the revision')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (ref: string, opts: CompareOptions & { app?: string; output: string }, command: Command) => {
      const sides = comparisonSides(ref, opts)
      const desk = await deskFor(command)
      if (sides) {
        // A live side is read through the watch cache: its watches end with the command.
        try {
          return await compareSides(desk, sides, opts.output)
        } finally {
          await desk.close()
        }
      }
      const { resolveApp } = await import('./app-source')
      const app = resolveApp(desk, ref, opts.app)
      const options = { mode: opts.clientSide ? 'client-side' : 'server-side', ...(opts.context ? { context: opts.context } : {}) } as const
      const result = opts.local ? await desk.workingCopies.diffOnce(app, resolve(opts.local), options) : { ...(await desk.diffDefinition(app, options)), files: undefined }
      if (opts.output === 'json') {
        out(JSON.stringify({ app: app.metadata.name, context: result.context, revision: result.revision, status: result.status, resources: result.resources, ...(result.files ? { local: { files: result.files } } : {}) }, null, 2))
      } else {
        for (const r of result.resources) {
          if (r.notice) warn(`${r.key}: ${r.notice}`)
          if (r.error) out(`${r.key}: cannot compare: ${r.error.message}`)
          else if (r.status !== 'Synced') out(`${r.key} (${r.status})\n${r.unifiedDiff}`)
        }
        if (result.files) out(`working copy (uncommitted) ${resolve(opts.local!)}: ${result.files.length ? result.files.map((f) => `${f.change} ${f.path}`).join(', ') : 'no changes from HEAD'}`)
        const count = (s: string) => result.resources.filter((r) => r.status === s).length
        const differing = result.resources.filter((r) => r.status !== 'Synced').length
        out(`${app.metadata.name} on ${result.context} at ${shortRevision(result.revision)}: ${result.status}, ${differing} of ${result.resources.length} resources differ (${count('OutOfSync')} OutOfSync, ${count('Missing')} Missing, ${count('Extra')} Extra)`)
      }
      outcome.code = result.status === 'Synced' ? exitCodes.ok : result.status === 'OutOfSync' ? exitCodes.finding : exitCodes.error
    })
  return examples(command, ['gitops-desk diff guestbook', 'gitops-desk diff app.yaml --context kind-dev', 'gitops-desk diff guestbook-staging --against guestbook-prod --live', 'gitops-desk diff guestbook --revision v1.2.0', 'gitops-desk diff guestbook --local ~/src/guestbook   # uncommitted changes too', 'gitops-desk diff guestbook -o json | jq \'.resources[] | select(.status != "Synced") | .key\''])
}

/** Side by side: the resources that differ, each as a unified diff, then one line for the whole. */
async function compareSides(desk: DeskService, [left, right]: [CompareSide, CompareSide], output: string): Promise<void> {
  const result = await desk.compareApps(left, right)
  const l = result.left.label
  const r = result.right.label
  if (output === 'json') out(JSON.stringify(result, null, 2))
  else {
    for (const d of result.resources) {
      if (d.notice) warn(`${d.key}: ${d.notice}`)
      if (d.status === 'Extra') out(`${d.key}: only in ${l}`)
      else if (d.status === 'Missing') out(`${d.key}: only in ${r}`)
      else if (d.status !== 'Synced') out(`${d.key} differs\n${d.unifiedDiff}`)
    }
    const count = (s: string) => result.resources.filter((d) => d.status === s).length
    out(`${l} vs ${r}: ${result.status === 'Synced' ? 'the same' : 'different'}, ${count('OutOfSync')} of ${result.resources.length} resources differ, ${count('Extra')} only in ${l}, ${count('Missing')} only in ${r}`)
  }
  outcome.code = result.status === 'Synced' ? exitCodes.ok : exitCodes.finding
}
