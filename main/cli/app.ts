import { Command, Option } from 'commander'
import { UserError } from '../engine/base/errors'
import { propagationPolicies, type PropagationPolicy } from '../../shared/statuses'
import { examples } from './help'
import { deskFor, out, storeFor, table } from './context'
import { diffCommand } from './diff'
import { exitCodes, outcome } from './exit-codes'
import { statusTable } from './reconcile'
import { consentOf, follow, syncCommand } from './sync'
import { addResourceCommands } from './resource'
import { addPodAccessCommands } from './pod-access'
import { addDeletionCommands } from './app-delete'
import { shortRevision } from './revision'

export function appCommand(): Command {
  const app = new Command('app').description('manage stored Applications (shared with the desktop app)')
  examples(app, ['gitops-desk app add -f apps/', 'gitops-desk app list', 'gitops-desk app wait guestbook --health --timeout 5m'])

  examples(
    app
      .command('add')
      .description('add (or replace) the Applications and AppProjects in YAML files, folders or stdin; all or nothing')
      .argument('[file]', 'an Application / AppProject YAML file (several documents allowed)')
      .option('-f, --filename <path...>', 'a file, a folder of .yaml/.yml/.json files, or - for standard input (repeatable)')
      .option('-R, --recursive', 'read folders given with -f recursively')
      .action(async (file: string | undefined, opts: { filename?: string[]; recursive?: boolean }, command: Command) => {
        const paths = [...(file ? [file] : []), ...(opts.filename ?? [])]
        if (paths.length === 0) throw new UserError('Invalid', 'give a file, or -f FILE|DIR|- (repeatable)')
        const { readManifests } = await import('./manifests')
        const texts = await readManifests(paths, opts.recursive ?? false)
        const { apps, projects } = (await storeFor(command)).saveYaml(texts)
        for (const a of apps) out(`application ${a} saved`)
        for (const p of projects) out(`project ${p} saved`)
      }),
    ['gitops-desk app add app.yaml', 'gitops-desk app add -f apps/ -f projects/default.yaml', 'kubectl get applications -n argocd -o yaml | gitops-desk app add -f -'],
  )

  examples(
    app
      .command('list')
      .description('list stored Applications with their sync status, health, revision and last sync (compares each app now)')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'wide']).default('table'))
      .option('--offline', 'list the stored apps without contacting Git or any cluster')
      .action(async (opts: { output: string; offline?: boolean }, command: Command) => {
        if (opts.offline) {
          const apps = (await storeFor(command)).apps()
          if (opts.output === 'json') return out(JSON.stringify(apps, null, 2))
          if (apps.length === 0) return out('No applications. Add one with: gitops-desk app add app.yaml')
          const { appRows } = await import('./app-rows')
          return out(table(appRows(apps, opts.output === 'wide')))
        }
        const desk = await deskFor(command)
        try {
          const statuses = await desk.controller({ autoSync: false }).reconcileAll()
          out(opts.output === 'json' ? JSON.stringify(statuses.map(({ resources: _r, ...s }) => s), null, 2) : statusTable(statuses))
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app list', 'gitops-desk app list --offline -o wide', 'gitops-desk app list -o json | jq -r \'.[] | select(.sync != "Synced") | .name\''],
  )

  examples(
    app
      .command('get')
      .description('print a stored Application')
      .argument('<name>')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json', 'wide']).default('yaml'))
      .action(async (name: string, opts: { output: string }, command: Command) => {
        const found = (await storeFor(command)).app(name)
        if (opts.output === 'json') return out(JSON.stringify(found, null, 2))
        if (opts.output === 'wide') return out(table((await import('./app-rows')).appRows([found], true)))
        out((await import('yaml')).default.stringify(found))
      }),
    ['gitops-desk app get guestbook', 'gitops-desk app get guestbook -o wide'],
  )

  examples(
    app
      .command('resources')
      .description("list an app's resources with their sync status and health, compared now (as argocd app resources); KEY is what delete-resource, action and resource take")
      .argument('<name>')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
      .action(async (name: string, opts: { output: string }, command: Command) => {
        const desk = await deskFor(command)
        try {
          const status = await desk.controller({ autoSync: false }).refresh(name)
          if (!status) throw new UserError('NotFound', `application ${name} not found`)
          // A compare that failed leaves the list unknown, not empty: said on stderr, exit 2 (also with -o json, where a script reads the list).
          const failed = status.conditions.filter((c) => c.type === 'ComparisonError' || c.type === 'InvalidSpecError')
          if (failed.length > 0) {
            process.stderr.write(failed.map((c) => `gitops-desk: ${name}: ${c.type}: ${c.message}\n`).join(''))
            outcome.code = exitCodes.error
          }
          if (opts.output === 'json') return out(JSON.stringify(status.resources, null, 2))
          out(table([['KEY', 'STATUS', 'HEALTH'], ...status.resources.map((r) => [r.key, r.status, r.health ?? ''])]))
          const others = status.conditions.filter((c) => !failed.includes(c))
          if (others.length > 0) out(others.map((c) => `${c.type}: ${c.message}`).join('\n'))
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app resources guestbook', "gitops-desk app resources guestbook -o json | jq -r '.[] | select(.status != \"Synced\") | .key'"],
  )

  examples(
    app
      .command('set')
      .description('change a stored Application (as argocd app set)')
      .argument('<name>')
      .requiredOption('--revision <rev>', 'the target revision of its (first) source: a branch, tag, commit or chart version')
      .action(async (name: string, opts: { revision: string }, command: Command) => {
        ;(await storeFor(command)).setRevision(name, opts.revision)
        out(`application ${name}: targetRevision ${opts.revision}`)
      }),
    ['gitops-desk app set guestbook --revision v1.2.0'],
  )

  examples(
    app
      .command('delete')
      .description("remove a stored Application; its resources are deleted from the cluster only with a cascade (--cascade, or the app's resources finalizer, confirmed with --cascade)")
      .argument('<name>')
      .option('--cascade [bool]', "also delete the app's resources, highest sync wave first (Delete=false, helm.sh/resource-policy: keep and CRDs stay); --cascade=false keeps them")
      .addOption(new Option('--propagation-policy <policy>', 'how a cascade deletes: foreground (owned objects first) or background').choices(['foreground', 'background']))
      .option('--yes', "confirm deleting resources in a protected context")
      .option('--confirm-delete', 'also delete resources marked Delete=confirm')
      .action(async (name: string, opts: { cascade?: boolean | string; propagationPolicy?: 'foreground' | 'background'; yes?: boolean; confirmDelete?: boolean }, command: Command) => {
        const cascade = cascadeFlag(opts.cascade)
        const store = await storeFor(command)
        const stored = store.app(name)
        const { cascadeOf } = await import('../engine/sync/app-deletion')
        if (cascade === false || (cascade === undefined && cascadeOf(stored) === 'none')) {
          store.deleteApp(name)
          return out(`application ${name} removed (nothing deleted from any cluster)`)
        }
        const desk = await deskFor(command)
        try {
          const intent = { ...(cascade ? { cascade: opts.propagationPolicy ?? (cascadeOf(stored) === 'background' ? 'background' : 'foreground') } : {}), consent: { ...(cascade ? { resources: true } : {}), ...(opts.yes ? { context: await desk.destinationContext(stored) } : {}), ...(opts.confirmDelete ? { deletes: true } : {}) } } as const
          const result = await desk.deleteApp(name, intent)
          for (const key of result.deleted) out(`deleted ${key}`)
          for (const { key, reason } of result.kept) out(`kept    ${key} (${reason})`)
          out(`application ${name} removed; ${result.deleted.length} resources deleted from ${result.context} (${result.cascade})`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app delete guestbook                 # keeps its resources unless the app has the resources finalizer', 'gitops-desk app delete guestbook --cascade       # deletes its resources too', 'gitops-desk app delete guestbook --cascade=false # never touches the cluster'],
  )

  examples(
    app
      .command('delete-resource')
      .description("delete one of an app's live resources (RESOURCE is group/Kind/namespace/name, the KEY of app resources)")
      .argument('<name>')
      .argument('<resource>')
      .addOption(new Option('--propagation-policy <policy>', 'foreground (dependents first), background, or orphan (dependents stay)').choices(propagationPolicies).default('foreground'))
      .option('--yes', 'confirm in a protected context')
      .action(async (name: string, resource: string, opts: { propagationPolicy: PropagationPolicy; yes?: boolean }, command: Command) => {
        const desk = await deskFor(command)
        try {
          const context = opts.yes ? await desk.destinationContext(desk.app(name)) : undefined
          out((await desk.deleteResource(name, resource, { propagation: opts.propagationPolicy, ...(context ? { consent: { context } } : {}) })).message)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app delete-resource guestbook apps/Deployment/guestbook/guestbook-ui --propagation-policy orphan'],
  )

  addDeletionCommands(app)
  addResourceCommands(app)
  addPodAccessCommands(app)

  // argocd's spellings, from habit: `app diff NAME`, `app sync NAME`.
  app.addCommand(diffCommand())
  app.addCommand(syncCommand())

  examples(
    app
      .command('wait')
      .description('wait until an app is Synced and/or Healthy (both unless one is asked for); exit 1 at the timeout')
      .argument('<name>')
      .option('--sync', 'wait until Synced')
      .option('--health', 'wait until Healthy')
      .option('--timeout <duration>', 'give up after this long (30s, 5m, 1h; plain numbers are seconds)', '5m')
      .action(async (name: string, opts: { sync?: boolean; health?: boolean; timeout: string }, command: Command) => {
        const timeoutMs = parseTimeout(opts.timeout)
        const either = !opts.sync && !opts.health
        const desk = await deskFor(command)
        try {
          const result = await desk.waitFor(name, { sync: either || !!opts.sync, health: either || !!opts.health, timeoutMs }, (s) => out(`${name} ${s.sync} ${s.health}${s.healthMessage ? ` ${s.healthMessage}` : ''}`))
          if (!result.met) process.stderr.write(`gitops-desk: timed out after ${opts.timeout} waiting for ${name}: it is ${result.status ? `${result.status.sync} ${result.status.health}` : 'not compared yet'}\n`)
          outcome.code = result.met ? exitCodes.ok : exitCodes.finding
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app sync guestbook && gitops-desk app wait guestbook --health --timeout 5m'],
  )

  examples(
    app
      .command('history')
      .description('successful syncs of an app (newest last), as rollback targets; partial syncs (selected resources, out-of-sync only) are marked, and a sync a crash interrupted, with what it had applied')
      .argument('<app>', 'a stored app name, or an Application YAML file')
      .action(async (ref: string, _opts: unknown, command: Command) => {
        const store = await storeFor(command)
        const { resolveApp } = await import('./app-source')
        const entries = store.history(resolveApp(store, ref).metadata.name)
        if (entries.length === 0) return out('No sync history yet.')
        out(table([['ID', 'REVISION', 'FINISHED', 'CONTEXT', 'BY', 'INITIATOR', 'SYNCED'], ...entries.map((h) => [String(h.id), h.revisions.map(shortRevision).join(','), h.finishedAt, h.context, h.user, h.initiator ?? '', h.interrupted ? 'interrupted' : (h.partial ?? 'all')])]))
        for (const h of entries.filter((e) => e.interrupted)) out(`${h.id}: interrupted; applied before it stopped: ${h.interrupted!.applied.join(', ') || 'nothing'}`)
      }),
    ['gitops-desk app history guestbook'],
  )

  examples(
    app
      .command('rollback')
      .description('sync the revision of a history entry again, without hooks (refused while auto-sync is on)')
      .argument('<app>', 'a stored app name, or an Application YAML file')
      .argument('<id>', 'history entry id (gitops-desk app history)')
      .option('--yes', 'confirm a rollback on a protected context')
      .action(async (ref: string, id: string, opts: { yes?: boolean }, command: Command) => {
        if (!/^\d+$/.test(id)) throw new UserError('Invalid', `history id must be a number, not "${id}"`, 'id')
        const desk = await deskFor(command)
        const { resolveApp } = await import('./app-source')
        const target = resolveApp(desk, ref)
        const consent = await consentOf(desk, target, opts)
        await follow(desk, target.metadata.name, () => desk.rollbackDefinition(target, Number(id), consent))
      }),
    ['gitops-desk app rollback guestbook 3', 'gitops-desk app rollback guestbook 3 --yes   # on a protected context'],
  )

  return app
}

/** 30s, 5m, 1h, 1h30m, or plain seconds. */
export function parseTimeout(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text)
  if (!match || !text) throw new UserError('Invalid', `--timeout takes a duration like 30s, 5m or 1h, not "${text}"`, '--timeout')
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000
}

/** --cascade, --cascade=true → true; --cascade=false → false; absent → undefined. */
function cascadeFlag(value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  throw new UserError('Invalid', `--cascade takes true or false, not "${value}" (write the app's name before --cascade)`, '--cascade')
}
