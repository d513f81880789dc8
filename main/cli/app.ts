import { readFileSync } from 'node:fs'
import { Command, Option } from 'commander'
import YAML from 'yaml'
import { sourcesOf } from '../engine/apps/schema'
import { UserError } from '../engine/errors'
import { readArgoFile } from './app-source'
import { resolveApp } from './app-source'
import { deskFor, out, table } from './context'
import { statusTable } from './reconcile'
import { consentOf, follow } from './sync'

export function appCommand(): Command {
  const app = new Command('app').description('manage stored Applications (shared with the desktop app)')

  app.command('add')
    .description('add (or replace) the Applications and AppProjects in a YAML file')
    .argument('<file>', 'Application / AppProject YAML (several documents allowed)')
    .action((file: string, _opts: unknown, command: Command) => {
      readArgoFile(file) // names a missing file as such
      const { apps, projects } = deskFor(command).saveYaml(readFileSync(file, 'utf8'), file)
      for (const a of apps) out(`application ${a} saved`)
      for (const p of projects) out(`project ${p} saved`)
    })

  app.command('list')
    .description('list stored Applications with their sync status, health, revision and last sync (compares each app now)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--offline', 'list the stored apps without contacting Git or any cluster')
    .action(async (opts: { output: string; offline?: boolean }, command: Command) => {
      const desk = deskFor(command)
      const apps = desk.apps()
      if (opts.offline) {
        if (opts.output === 'json') return out(JSON.stringify(apps, null, 2))
        if (apps.length === 0) return out('No applications. Add one with: gitops-desk app add app.yaml')
        const rows = apps.map((a) => {
          const s = sourcesOf(a)[0]
          const d = a.spec.destination
          return [a.metadata.name, a.spec.project, s?.repoURL ?? '', s?.path ?? s?.chart ?? '', s?.targetRevision ?? 'HEAD', `${d.name ?? d.server}/${d.namespace ?? ''}`]
        })
        return out(table([['NAME', 'PROJECT', 'REPO', 'PATH', 'REVISION', 'DESTINATION'], ...rows]))
      }
      try {
        const statuses = await desk.controller({ autoSync: false }).reconcileAll()
        out(opts.output === 'json' ? JSON.stringify(statuses.map(({ resources: _r, ...s }) => s), null, 2) : statusTable(statuses))
      } finally {
        await desk.close()
      }
    })

  app.command('get')
    .description('print a stored Application')
    .argument('<name>')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .action((name: string, opts: { output: string }, command: Command) => {
      const found = deskFor(command).app(name)
      out(opts.output === 'json' ? JSON.stringify(found, null, 2) : YAML.stringify(found))
    })

  app.command('delete')
    .description('remove a stored Application (nothing is deleted from any cluster)')
    .argument('<name>')
    .action((name: string, _opts: unknown, command: Command) => {
      if (!deskFor(command).deleteApp(name)) throw new UserError('NotFound', `no app named "${name}"`, name)
      out(`application ${name} removed`)
    })

  app.command('history')
    .description('successful syncs of an app (newest last), as rollback targets')
    .argument('<app>', 'a stored app name, or an Application YAML file')
    .action((ref: string, _opts: unknown, command: Command) => {
      const desk = deskFor(command)
      const entries = desk.history(resolveApp(desk, ref).metadata.name)
      if (entries.length === 0) return out('No sync history yet.')
      out(table([['ID', 'REVISION', 'FINISHED', 'CONTEXT', 'BY'], ...entries.map((h) => [String(h.id), h.revisions.map((r) => r.slice(0, 8)).join(','), h.finishedAt, h.context, h.user])]))
    })

  app.command('rollback')
    .description('sync the revision of a history entry again, without hooks (refused while auto-sync is on)')
    .argument('<app>', 'a stored app name, or an Application YAML file')
    .argument('<id>', 'history entry id (gitops-desk app history)')
    .option('--yes', 'confirm a rollback on a protected context')
    .action(async (ref: string, id: string, opts: { yes?: boolean }, command: Command) => {
      const desk = deskFor(command)
      const target = resolveApp(desk, ref)
      if (!/^\d+$/.test(id)) throw new UserError('Invalid', `history id must be a number, not "${id}"`, 'id')
      const consent = await consentOf(desk, target, opts)
      await follow(desk, target.metadata.name, () => desk.rollbackDefinition(target, Number(id), consent))
    })

  return app
}
