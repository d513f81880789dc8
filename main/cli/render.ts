import { Command, Option } from 'commander'
import { examples } from './help'
import { deskFor, out, warn } from './context'

export function renderCommand(): Command {
  const command = new Command('render')
    .description('print the target state of an Application (a file, or a stored app) as Argo CD renders it, Secret values masked')
    .argument('<app>', 'an Application YAML file, or the name of a stored app')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('--app <name>', 'which Application, when the file has several')
    .option('--hard-refresh', 'render again even when the render cache has this revision')
    .action(async (ref: string, opts: { output: 'yaml' | 'json'; app?: string; hardRefresh?: boolean }, command: Command) => {
      const desk = await deskFor(command)
      const { resolveApp } = await import('./app-source')
      const app = resolveApp(desk, ref, opts.app)
      const rendered = await desk.render(app, opts.hardRefresh ?? false)
      for (const source of rendered.sources) {
        if (source.stale) warn(`${source.repoURL} could not be fetched (${source.staleReason}); showing commit ${source.commit.slice(0, 8)}, the last one fetched`)
      }
      if (opts.output === 'json') out(JSON.stringify(rendered.objects, null, 2))
      else {
        const { default: YAML } = await import('yaml')
        out(rendered.objects.map((o) => YAML.stringify(o)).join('---\n') || '# no objects')
      }
    })
  return examples(command, ['gitops-desk render guestbook', 'gitops-desk render app.yaml -o json | jq length', 'gitops-desk render guestbook --hard-refresh'])
}
