import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { UserError } from '../engine/base/errors'
import { deskFor, out } from './context'
import { examples } from './help'

/** `settings import`: Argo CD's argocd-cm (resource customizations, exclusions, compare options, tracking, Kustomize). */
export function settingsCommand(): Command {
  const settings = new Command('settings').description("GitOps Desk's settings")
  examples(
    settings
      .command('import')
      .description("take Argo CD settings from an argocd-cm ConfigMap: resource customizations (Lua health checks and actions, ignoreDifferences incl. all), resource.exclusions/inclusions, resource.compareoptions, timeout.reconciliation, the tracking method, kustomize.buildOptions")
      .argument('[file]', 'the argocd-cm YAML (kubectl -n argocd get cm argocd-cm -o yaml > argocd-cm.yaml)')
      .option('--context <context>', 'read argocd-cm from the Argo CD running in this kubeconfig context instead of a file')
      .option('--namespace <namespace>', "Argo CD's namespace there", 'argocd')
      .action(async (file: string | undefined, opts: { context?: string; namespace: string }, command: Command) => {
        if (!file === !opts.context) throw new UserError('Invalid', 'give either an argocd-cm file or --context (to read it from a running Argo CD)', file ?? 'settings import')
        let text = ''
        if (file) {
          try {
            text = readFileSync(file, 'utf8')
          } catch (error) {
            throw new UserError('NotFound', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file)
          }
        }
        const desk = await deskFor(command)
        try {
          const read = file ? await desk.importArgoSettings(text, file) : await desk.importArgoSettingsFrom(opts.context!, opts.namespace)
          for (const line of desk.describeArgoSettings(read)) out(line)
          for (const s of read.skipped) out(`skipped       ${s.key}: ${s.reason}`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk settings import argocd-cm.yaml', 'gitops-desk settings import --context prod   # from the Argo CD running in prod (namespace argocd)'],
  )
  return settings
}
