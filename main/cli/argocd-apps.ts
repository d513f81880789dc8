import { Command, Option } from 'commander'
import YAML from 'yaml'
import type { ArgoApp, ArgoTakeOverPlan, SyncIntent } from '../../shared/model'
import type { DeskService } from '../engine/service/desk-service'
import { cascades } from '../../shared/statuses'
import { deskFor, out, table } from './context'
import { exitCodes, outcome } from './exit-codes'
import { examples } from './help'

/** `argocd@ground-1` or `ground-1` (the default namespace), `argocd@ground-1/team` too; with the app, its id. */
const idOf = (instance: string, app: string) => `${instance.startsWith('argocd@') ? instance : `argocd@${instance}`}/${app}`
const contextOf = (instance: string) => (instance.startsWith('argocd@') ? instance.slice('argocd@'.length) : instance).split('/')[0]!

async function withDesk<T>(cmd: Command, run: (desk: DeskService) => Promise<T>): Promise<T> {
  const desk = await deskFor(cmd)
  try {
    return await run(desk)
  } finally {
    await desk.close()
  }
}

const printApp = (app: ArgoApp, output?: string) => {
  if (output === 'json') return out(JSON.stringify(app, null, 2))
  if (output === 'yaml') return out(YAML.stringify(app))
  const op = app.operationState
  const lines = [
    `Name:          ${app.name}`,
    `Instance:      ${app.instance}   (status from Argo CD)`,
    `Project:       ${app.project}`,
    `Source:        ${app.repoURL} ${app.path} @ ${app.targetRevision}`,
    `Destination:   ${app.destination.name ?? app.destination.server ?? ''}/${app.destination.namespace ?? ''}`,
    `Sync Status:   ${app.sync.status}${app.sync.revision ? ` (${app.sync.revision.slice(0, 7)})` : ''}`,
    `Health Status: ${app.health.status}${app.health.message ? ` (${app.health.message})` : ''}`,
  ]
  if (op) lines.push(`Operation:     ${op.phase}${op.message ? ` — ${op.message}` : ''}${op.initiatedBy ? ` (by ${op.initiatedBy})` : ''}`)
  for (const c of app.conditions) lines.push(`Condition:     ${c.type}: ${c.message}`)
  if (app.resources.length) lines.push('', table([['KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH'], ...app.resources.map((r) => [r.group ? `${r.kind}.${r.group}` : r.kind, r.namespace, r.name, r.status, r.health ?? ''])]))
  out(lines.join('\n'))
}

const describePlan = (plan: ArgoTakeOverPlan) =>
  [`Manage ${plan.id} locally as app ${plan.app} (project ${plan.project}, to ${plan.destination})${plan.replaces ? ' — replaces the local app of that name' : ''}`, ...plan.notes.map((n) => `  note  ${n}`), '', plan.yaml].join('\n')

/** `argocd …`: the Argo CD instances the kubeconfig reaches and their apps, operated as `argocd --core` does. */
export function argocdCommand(): Command {
  const command = new Command('argocd').description("Argo CD instances as backends: list and operate their apps through the Kubernetes API, as argocd --core does (status from Argo CD)")
  command
    .command('instances')
    .description('the Argo CD installations of every context (an argocd-cm found, or named in Settings), with their app counts')
    .action((_opts, cmd: Command) =>
      withDesk(cmd, async (desk) => {
        const found = await desk.argoBackends.instances()
        out(found.length ? table([['INSTANCE', 'CONTEXT', 'NAMESPACE', 'APPS', 'FROM', 'PROBLEM'], ...found.map((i) => [i.id, i.context, i.namespace, String(i.apps), i.from, i.problem ?? ''])]) : 'no Argo CD found in any context (Settings → Argo CD instances names namespaces to look in)')
      }),
    )
  command
    .command('apps')
    .description("every instance's apps with Argo CD's sync and health")
    .option('--instance <id>', 'only this instance (argocd@CONTEXT)')
    .option('-o, --output <format>', 'json')
    .action((opts: { instance?: string; output?: string }, cmd: Command) =>
      withDesk(cmd, async (desk) => {
        const apps = await desk.argoBackends.apps(opts.instance && !opts.instance.startsWith('argocd@') ? `argocd@${opts.instance}` : opts.instance)
        if (opts.output === 'json') return out(JSON.stringify(apps, null, 2))
        out(table([['INSTANCE', 'NAME', 'SYNC', 'HEALTH', 'OPERATION', 'REVISION'], ...apps.map((a) => [a.instance, a.name, a.sync.status, a.health.status, a.operationState?.phase ?? '', a.sync.revision.slice(0, 7)])]))
      }),
    )
  command
    .command('get')
    .description('one app as Argo CD sees it: status, operation, conditions, resources')
    .argument('<instance>')
    .argument('<app>')
    .option('-o, --output <format>', 'json or yaml')
    .action((instance: string, app: string, opts: { output?: string }, cmd: Command) => withDesk(cmd, async (desk) => printApp(await desk.argoBackends.app(idOf(instance, app)), opts.output)))
  command
    .command('history')
    .description("the app's deployments (Argo CD's status.history), for rollback")
    .argument('<instance>')
    .argument('<app>')
    .action((instance: string, app: string, _opts, cmd: Command) =>
      withDesk(cmd, async (desk) => {
        const { history } = await desk.argoBackends.app(idOf(instance, app))
        out(table([['ID', 'DATE', 'REVISION', 'BY', 'SOURCE'], ...history.map((h) => [String(h.id), h.deployedAt, h.revision, h.initiatedBy, h.source])]))
      }),
    )
  examples(
    command
      .command('sync')
      .description("writes the sync operation Argo CD's controller runs (as argocd app sync --core); --wait follows it until it ends")
      .argument('<instance>')
      .argument('<app>')
      .option('--prune', 'prune resources Git no longer has')
      .option('--dry-run', 'a dry run')
      .option('--force', 'delete and re-create what cannot be updated')
      .option('--revision <rev>', 'another revision than the targetRevision')
      .option('--resource <key...>', 'only these resources (GROUP/KIND/NAMESPACE/NAME)')
      .option('--sync-option <opt...>', 'sync options (PruneLast=true…) for this sync instead of the app’s, as argocd app sync’s option flags')
      .option('--yes', "confirm a sync to a protected context (the instance's)")
      .option('--wait', 'follow the operation until it ends; exit 1 unless it Succeeded')
      .action((instance: string, app: string, opts: { prune?: boolean; dryRun?: boolean; force?: boolean; revision?: string; resource?: string[]; syncOption?: string[]; yes?: boolean; wait?: boolean }, cmd: Command) =>
        withDesk(cmd, async (desk) => {
          const id = idOf(instance, app)
          const intent: SyncIntent = { ...(opts.prune ? { prune: true } : {}), ...(opts.dryRun ? { dryRun: true } : {}), ...(opts.force ? { force: true } : {}), ...(opts.revision ? { revision: opts.revision } : {}), ...(opts.resource ? { resources: opts.resource } : {}), ...(opts.syncOption ? { syncOptions: opts.syncOption } : {}), ...(opts.yes ? { consent: { context: contextOf(instance) } } : {}) }
          await desk.argoBackends.sync(id, intent)
          out(`sync of ${id} started; Argo CD's controller runs it`)
          if (opts.wait) await waitAndReport(desk, id)
        }),
      ),
    ['gitops-desk argocd sync argocd@ground-1 guestbook --wait', 'gitops-desk argocd sync ground-1 guestbook --prune --resource apps/Deployment/guestbook/guestbook-ui'],
  )
  command
    .command('refresh')
    .description('asks Argo CD to compare the app again (the refresh annotation)')
    .argument('<instance>')
    .argument('<app>')
    .option('--hard', 'a hard refresh (Argo CD renders again, bypassing its cache)')
    .action((instance: string, app: string, opts: { hard?: boolean }, cmd: Command) => withDesk(cmd, async (desk) => (await desk.argoBackends.refresh(idOf(instance, app), !!opts.hard), out(`${opts.hard ? 'hard ' : ''}refresh of ${idOf(instance, app)} requested`))))
  command
    .command('terminate-op')
    .description("terminates the app's running operation")
    .argument('<instance>')
    .argument('<app>')
    .action((instance: string, app: string, _opts, cmd: Command) => withDesk(cmd, async (desk) => (await desk.argoBackends.terminate(idOf(instance, app)), out(`operation of ${idOf(instance, app)} terminating`))))
  command
    .command('rollback')
    .description('syncs a history entry again, without hooks (refused while auto-sync is on)')
    .argument('<instance>')
    .argument('<app>')
    .argument('<id>', 'the history id (argocd history)')
    .option('--prune', 'prune too')
    .option('--yes', 'confirm on a protected context')
    .option('--wait', 'follow the operation until it ends')
    .action((instance: string, app: string, historyId: string, opts: { prune?: boolean; yes?: boolean; wait?: boolean }, cmd: Command) =>
      withDesk(cmd, async (desk) => {
        const id = idOf(instance, app)
        await desk.argoBackends.rollback(id, Number(historyId), { ...(opts.prune ? { prune: true } : {}), ...(opts.yes ? { consent: { context: contextOf(instance) } } : {}) })
        out(`rollback of ${id} to ${historyId} started`)
        if (opts.wait) await waitAndReport(desk, id)
      }),
    )
  command
    .command('delete')
    .description("deletes the app as argocd app delete: a cascade lets Argo CD's controller delete its resources")
    .argument('<instance>')
    .argument('<app>')
    .addOption(new Option('--cascade <how>', 'foreground (default), background, or none').choices([...cascades]).default('foreground'))
    .option('--yes', 'confirm (the resources go too with a cascade; a protected context)')
    .action((instance: string, app: string, opts: { cascade: (typeof cascades)[number]; yes?: boolean }, cmd: Command) =>
      withDesk(cmd, async (desk) => {
        const id = idOf(instance, app)
        await desk.argoBackends.delete(id, { cascade: opts.cascade, ...(opts.yes ? { consent: { resources: true, context: contextOf(instance) } } : {}) })
        out(`${id} deleted (cascade: ${opts.cascade})`)
      }),
    )
  command
    .command('manage-locally')
    .description("copies an Argo CD app into the local apps (Argo CD's app is not changed); shows the copy first")
    .argument('<instance>')
    .argument('<app>')
    .option('--yes', 'store the copy (without it, only the preview)')
    .action((instance: string, app: string, opts: { yes?: boolean }, cmd: Command) => withDesk(cmd, async (desk) => out(describePlan(await desk.argoInsight.manageLocally(idOf(instance, app), !!opts.yes)) + (opts.yes ? '\nstored as a local app' : '\n(preview: --yes stores it)'))))
  return command
}

async function waitAndReport(desk: DeskService, id: string): Promise<void> {
  let said = ''
  const app = await desk.argoBackends.waitForOperation(id, (a) => {
    const line = a.operationState ? `-- ${a.operationState.phase}: ${a.operationState.message}` : ''
    if (line && line !== said) out((said = line))
  })
  const op = app.operationState!
  out(`${op.phase}: ${op.message}`)
  for (const r of op.results) out(`  ${r.kind} ${r.namespace}/${r.name}  ${r.status}  ${r.message}`)
  if (op.phase !== 'Succeeded') outcome.code = exitCodes.finding
}
