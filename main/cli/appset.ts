import { existsSync, readFileSync } from 'node:fs'
import { Command } from 'commander'
import type { AppSetPlan } from '../engine/appsets/plan'
import { readApplicationSets } from '../engine/appsets/parse'
import { UserError } from '../engine/base/errors'
import type { AppSetApplied } from '../engine/service/appset-commands'
import type { DeskService } from '../engine/service/desk-service'
import { deskFor, out, table } from './context'
import { examples } from './help'

const readText = (file: string) => {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new UserError('NotFound', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, file)
  }
}

/** A plan in lines: + create, ~ update (with its diff when asked), - delete, ! held back. */
export function planLines(plan: AppSetPlan & Partial<Pick<AppSetApplied, 'held' | 'deleted'>>, verbose: boolean, done = false): string[] {
  const lines = [
    ...plan.create.map((n) => `+ ${n}${done ? '  created' : '  would be created'}`),
    ...plan.update.flatMap((u) => [`~ ${u.name}${done ? '  updated' : '  would change'}`, ...(verbose ? u.diff.split('\n').slice(2).map((l) => `    ${l}`) : [])]),
    ...plan.delete.filter((n) => !plan.held?.some((h) => h.name === n)).map((n) => `- ${n}${done ? '  deleted' : '  would be deleted'}`),
    ...(plan.held ?? []).map((h) => `! ${h.name}  held: ${h.reason}`),
    ...(plan.held ? [] : (plan.invalid ?? []).map((i) => `! ${i.name}  would not be created: ${i.reason}`)),
    ...plan.heldBack.map((h) => `= ${h.name}  not ${h.change === 'update' ? 'updated' : 'deleted'} (applicationsSync: ${h.policy})`),
    ...plan.unchanged.map((n) => `  ${n}  unchanged`),
  ]
  return lines.length ? lines : ['(generates no apps)']
}

async function withDesk<T>(command: Command, work: (desk: DeskService) => Promise<T>): Promise<T> {
  const desk = await deskFor(command)
  try {
    return await work(desk)
  } finally {
    await desk.close()
  }
}

/** `appset add|list|get|generate|apply|delete`: Argo CD's ApplicationSets, previewed before they change anything. */
export function appsetCommand(): Command {
  const appset = new Command('appset').description("Argo CD ApplicationSets: one template, an app per cluster, directory or file; previewed before anything changes")
  examples(
    appset
      .command('generate')
      .description('preview: the apps an ApplicationSet (a file, or a stored one by name) would create, change (with the diff) and delete; changes nothing')
      .argument('<file-or-name>')
      .option('-q, --quiet', 'no diffs, one line per app')
      .action(async (what: string, opts: { quiet?: boolean }, command: Command) =>
        withDesk(command, async (desk) => {
          const sets = existsSync(what) ? readApplicationSets(readText(what), what) : [desk.appsets.get(what)]
          for (const set of sets) {
            const plan = await desk.appsets.preview(set)
            out(`ApplicationSet ${set.metadata.name}:`)
            for (const line of planLines(plan, !opts.quiet)) out(`  ${line}`)
          }
        }),
      ),
    ['gitops-desk appset generate fleet.yaml', 'gitops-desk appset generate fleet -q'],
  )
  examples(
    appset
      .command('add')
      .description('store ApplicationSets from a file and generate their apps (creates and updates at once; deleting an app with resources needs --yes)')
      .argument('<file>')
      .option('--yes', "consent to deleting the resources of apps it no longer generates (as each app's finalizer says)")
      .action(async (file: string, opts: { yes?: boolean }, command: Command) =>
        withDesk(command, async (desk) => {
          for (const applied of await desk.appsets.saveAndApply(readText(file), file, { resources: opts.yes ?? false })) {
            out(`ApplicationSet ${applied.appset}:`)
            for (const line of planLines(applied, false, true)) out(`  ${line}`)
          }
        }),
      ),
    ['gitops-desk appset add fleet.yaml'],
  )
  appset
    .command('apply')
    .description('generate a stored ApplicationSet again and apply what changed (deleting resources of apps it no longer generates needs --yes)')
    .argument('<name>')
    .option('--yes', "consent to deleting the resources of apps it no longer generates")
    .action(async (name: string, opts: { yes?: boolean }, command: Command) =>
      withDesk(command, async (desk) => {
        const applied = await desk.appsets.apply(name, { resources: opts.yes ?? false })
        for (const line of planLines(applied, false, true)) out(line)
      }),
    )
  examples(
    appset
      .command('sync')
      .description("a RollingSync: each step's apps synced (maxUpdate at a time) and waited on until Synced and Healthy before the next; a failing app stops it")
      .argument('<name>')
      .option('--yes', 'confirm syncs to protected contexts')
      .action(async (name: string, opts: { yes?: boolean }, command: Command) =>
        withDesk(command, async (desk) => {
          const result = await desk.appsets.rollingSync(name, (p) => {
            if ('apps' in p) out(`step ${p.step}/${p.of}: ${p.apps.join(', ') || '(no apps)'}`)
            else out(`  ${p.ok ? '✓' : '✗'} ${p.app}: ${p.message}`)
          }, opts.yes ?? false)
          if (result.stoppedAt) throw new UserError('Conflict', `RollingSync of ${name} stopped at step ${result.stoppedAt.step}: ${result.stoppedAt.app}: ${result.stoppedAt.message}`, name)
          out(`RollingSync of ${name}: all ${result.steps.length} steps Synced and Healthy`)
        }),
      ),
    ['gitops-desk appset sync fleet'],
  )
  appset
    .command('list')
    .description('stored ApplicationSets: generators, policy, the apps they own')
    .action(async (_opts: unknown, command: Command) =>
      withDesk(command, async (desk) => {
        const sets = desk.appsets.list()
        if (sets.length === 0) return out('No ApplicationSets (gitops-desk appset add FILE)')
        out(table([['NAME', 'GENERATORS', 'TEMPLATING', 'POLICY', 'APPS'], ...sets.map((s) => [s.metadata.name, s.spec.generators.map((g) => Object.keys(g).filter((k) => k !== 'selector').join('+')).join(', '), s.spec.goTemplate ? 'go' : 'fasttemplate', s.spec.syncPolicy?.applicationsSync ?? 'sync', desk.appsets.owned(s.metadata.name).map((a) => a.metadata.name).join(', ') || '-'])]))
      }),
    )
  appset
    .command('get')
    .description('an ApplicationSet as YAML, and the apps it owns')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, command: Command) =>
      withDesk(command, async (desk) => {
        out(desk.appsets.yaml(name).trimEnd())
        out(`# apps: ${desk.appsets.owned(name).map((a) => a.metadata.name).join(', ') || 'none'}`)
      }),
    )
  appset
    .command('delete')
    .description("remove an ApplicationSet and its apps (each as app delete: resources go as its finalizer says, with --yes), or keep its apps")
    .argument('<name>')
    .option('--keep-apps', 'keep the generated apps as ordinary apps')
    .option('--yes', "consent to deleting the apps' resources")
    .action(async (name: string, opts: { keepApps?: boolean; yes?: boolean }, command: Command) =>
      withDesk(command, async (desk) => {
        const result = await desk.appsets.remove(name, { ...(opts.keepApps ? { keepApps: true } : {}), consent: { resources: opts.yes ?? false } })
        for (const d of result.deleted) out(`- ${d.app}${d.deleted.length ? ` and ${d.deleted.length} resources from ${d.context}` : ''}`)
        for (const k of result.kept) out(`= ${k}  kept as an app`)
        out(`ApplicationSet ${name} removed`)
      }),
    )
  return appset
}
