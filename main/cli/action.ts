import { Command } from 'commander'
import { UserError } from '../engine/base/errors'
import { deskFor, out, table } from './context'
import { examples } from './help'

/** `action list|run`: Argo CD's resource actions on an app's live resources. */
export function actionCommand(): Command {
  const action = new Command('action').description("run Argo CD's resource actions on an app's live resources: restart, pause/resume, Rollout promote-full/abort/retry, CronJob create-job, ExternalSecret refresh, Flux reconcile, and Lua actions from an imported argocd-cm")
  examples(
    action
      .command('list')
      .description('the actions a resource offers now (RESOURCE is group/Kind/namespace/name, the KEY of app resources)')
      .argument('<app>')
      .argument('<resource>')
      .action(async (app: string, resource: string, _opts: unknown, command: Command) => {
        const desk = await deskFor(command)
        try {
          const actions = await desk.resourceActions(app, resource)
          if (actions.length === 0) return out(`${resource} offers no actions`)
          out(table([['ACTION', 'AVAILABLE', 'FROM', 'PARAMETERS', 'WHAT IT DOES'], ...actions.map((a) => [a.name, a.disabled ? 'no' : 'yes', a.source, (a.params ?? []).map((p) => p.name).join(',') || '-', a.description || '-'])]))
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk action list guestbook apps/Deployment/guestbook/guestbook-ui'],
  )
  examples(
    action
      .command('run')
      .description('run an action: the cluster checks it first (a dry run); --dry-run stops there')
      .argument('<app>')
      .argument('<resource>')
      .argument('<action>')
      .option('--dry-run', 'only ask the cluster whether it would accept it')
      .option('--param <name=value>', "an action's parameter (scale: --param replicas=3); repeat for more", (value: string, previous: string[] = []) => [...previous, value])
      .option('--yes', 'confirm an action in a protected context')
      .action(async (app: string, resource: string, name: string, opts: { dryRun?: boolean; yes?: boolean; param?: string[] }, command: Command) => {
        const params: Record<string, string> = {}
        for (const pair of opts.param ?? []) {
          const at = pair.indexOf('=')
          if (at < 1) throw new UserError('Invalid', `--param ${pair}: write it as name=value`, '--param')
          params[pair.slice(0, at)] = pair.slice(at + 1)
        }
        const desk = await deskFor(command)
        try {
          const context = opts.yes ? (await desk.refresh(app))?.context : undefined
          const result = await desk.runResourceAction(app, resource, name, { ...(opts.dryRun ? { dryRun: true } : {}), ...(context ? { consent: { context } } : {}), ...(opts.param ? { params } : {}) })
          out(result.message)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk action run guestbook apps/Deployment/guestbook/guestbook-ui restart', 'gitops-desk action run guestbook apps/Deployment/guestbook/guestbook-ui scale --param replicas=3', 'gitops-desk action run nightly batch/CronJob/jobs/report suspend --dry-run'],
  )
  return action
}
