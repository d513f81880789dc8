import { Command } from 'commander'
import { examples } from './help'
import { isOperationRunning, type AppStatus, type DeskEvent } from '../../shared/model'
import { deskFor, out, table } from './context'
import { exitCodes, outcome } from './exit-codes'
import { shortRevision } from './revision'

export function reconcileCommand(): Command {
  const command = new Command('reconcile')
    .description('run the reconciliation loop headless over the stored apps (auto-sync and self-heal included); prints status changes')
    .option('--once', 'one pass over every app, then print the table and exit (1 when any app is not Synced and Healthy)')
    .option('--interval <seconds>', 'compare every app this often (default: the reconcileIntervalSeconds setting, 120)')
    .option('--no-auto-sync', 'only compare; never sync, even for apps with syncPolicy.automated')
    .action(async (opts: { once?: boolean; interval?: string; autoSync: boolean }, command: Command) => {
      const desk = await deskFor(command)
      const interval = opts.interval === undefined ? undefined : Number(opts.interval)
      if (interval !== undefined && !(interval >= 1)) throw new Error(`--interval takes a number of seconds (1 or more), not "${opts.interval}"`)
      const controller = desk.controller({
        ...(interval ? { intervalMs: interval * 1000, jitterMs: Math.min(interval * 500, 60_000) } : {}),
        autoSync: opts.autoSync,
        notifier: { notify: (n) => out(`${time()} notify ${n.app}: ${n.title}: ${n.body}`) },
      })
      desk.subscribe((events) => events.forEach(printEvent))
      try {
        if (opts.once) {
          const statuses = await controller.reconcileAll()
          controller.events.flush()
          out(statusTable(statuses))
          outcome.code = statuses.every((s) => s.sync === 'Synced' && s.health === 'Healthy') ? exitCodes.ok : exitCodes.finding
          return
        }
        controller.start()
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve)
          process.once('SIGTERM', resolve)
        })
        out('stopping: waiting for running compares and syncs')
      } finally {
        await desk.close()
      }
    })
  return examples(command, ['gitops-desk reconcile', 'gitops-desk reconcile --once --no-auto-sync', 'gitops-desk reconcile --interval 30'])
}

const time = () => new Date().toISOString().slice(11, 19)

function printEvent(event: DeskEvent): void {
  switch (event.type) {
    case 'app-status': {
      const s = event.status
      const condition = s.conditions[0] ? `  ${s.conditions[0].type}: ${s.conditions[0].message}` : ''
      return out(`${time()} ${s.name} ${s.sync} ${s.health} ${shortRevision(s.revision)}${condition}`)
    }
    case 'cluster':
      return out(`${time()} cluster ${event.context} ${event.reachable ? 'reachable' : 'unreachable'}: ${event.message}`)
    case 'operation':
      return isOperationRunning(event.operation) ? undefined : out(`${time()} ${event.app} ${event.operation.kind} ${event.operation.phase}: ${event.operation.message}`)
    case 'error':
      return out(`${time()} error ${event.where}: ${event.message}`)
    default:
      return undefined
  }
}

/** The app list's columns: sync, health, revision and the last sync. */
export function statusTable(statuses: AppStatus[]): string {
  if (statuses.length === 0) return 'No applications. Add one with: gitops-desk app add app.yaml'
  const rows = statuses.map((s) => [
    s.parent ? `${s.parent}/${s.name}` : s.name,
    s.context,
    s.sync,
    s.health,
    shortRevision(s.revision),
    s.lastSync ? `#${s.lastSync.id} ${s.lastSync.finishedAt.slice(0, 19).replace('T', ' ')} by ${s.lastSync.user}` : '-',
    s.conditions.map((c) => `${c.type}: ${c.message}`).join('; '),
  ])
  return table([['NAME', 'CLUSTER', 'SYNC', 'HEALTH', 'REVISION', 'LAST SYNC', 'CONDITIONS'], ...rows])
}
