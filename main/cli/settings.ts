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
  examples(
    settings
      .command('notifications')
      .description("Argo CD's notifications: take argocd-notifications-cm (and argocd-notifications-secret, whose values go to the keychain) from files or a running Argo CD; with neither, show what is in force")
      .argument('[file]', 'the argocd-notifications-cm YAML')
      .option('--secret <file>', 'the argocd-notifications-secret YAML')
      .option('--context <context>', 'read both from the Argo CD running in this kubeconfig context')
      .option('--namespace <namespace>', "Argo CD's namespace there", 'argocd')
      .option('--reset', "forget the imported config and its secrets: Argo CD's catalog is in force again")
      .action(async (file: string | undefined, opts: { secret?: string; context?: string; namespace: string; reset?: boolean }, command: Command) => {
        if (file && opts.context) throw new UserError('Invalid', 'give an argocd-notifications-cm file or --context, not both', file)
        const read = (path: string) => {
          try {
            return readFileSync(path, 'utf8')
          } catch (error) {
            throw new UserError('NotFound', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, path)
          }
        }
        const texts = file ? { configMap: read(file), secret: opts.secret ? read(opts.secret) : undefined } : null
        const desk = await deskFor(command)
        try {
          const view = opts.reset ? await desk.notifications.reset() : texts ? await desk.notifications.importYaml(texts.configMap, texts.secret, file) : opts.context ? await desk.notifications.importFrom(opts.context, opts.namespace) : desk.notifications.view()
          out(`in force      ${view.source}`)
          for (const s of view.services) out(`service       ${s.name} (${s.type})${s.secrets.length ? ` uses ${s.secrets.map((k) => `$${k}`).join(', ')}` : ''}`)
          for (const t of view.triggers) out(`trigger       ${t.name} → ${t.templates.join(', ')}${t.desktop ? ' (desktop)' : ''}`)
          for (const f of view.failures) out(`failed        ${f.trigger} for ${f.app} to ${f.service}: ${f.lastError}`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk settings notifications argocd-notifications-cm.yaml --secret argocd-notifications-secret.yaml', 'gitops-desk settings notifications --context prod   # from the Argo CD running in prod', 'gitops-desk settings notifications   # what is in force'],
  )
  return settings
}
