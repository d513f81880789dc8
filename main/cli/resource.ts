import type { Command } from 'commander'
import { Option } from 'commander'
import type { DeskEvent } from '../../shared/model'
import { UserError } from '../engine/base/errors'
import { deskFor, out, table } from './context'
import { examples } from './help'

/** `app logs`, `app events`, `app manifest`: the resource panel's reads, as kubectl users know them. */
export function addResourceCommands(app: Command): void {
  examples(
    app
      .command('logs')
      .description("print the logs of an app's Pod, or of the pods a workload runs (each line named by pod and container when there are several)")
      .argument('<name>')
      .argument('<resource>', 'group/Kind/namespace/name, the KEY of app resources')
      .option('-c, --container <name>', 'only this container')
      .option('-p, --previous', "the previous container's logs (after a restart)")
      .option('-f, --follow', 'keep printing new lines until Ctrl+C')
      .option('--tail <lines>', 'lines back to start from, per container', '500')
      .option('--timestamps', 'print the time each line was written')
      .action(async (name: string, resource: string, opts: { container?: string; previous?: boolean; follow?: boolean; tail: string; timestamps?: boolean }, command: Command) => {
        const desk = await deskFor(command)
        try {
          let stream = ''
          const early: DeskEvent[] = []
          let open = 0
          let done: () => void = () => undefined
          const finished = new Promise<void>((resolve) => (done = resolve))
          let named = false
          const take = (event: DeskEvent) => {
            if (event.type === 'logs') for (const l of event.lines) out(`${opts.timestamps && l.time ? `${l.time} ` : ''}${named && l.pod ? `${l.pod}/${l.container} ` : ''}${l.text}`)
            else if (event.type === 'logs-end' && --open <= 0) done()
          }
          const unsubscribe = desk.subscribe((events) => {
            for (const e of events) {
              if (e.type !== 'logs' && e.type !== 'logs-end') continue
              if (!stream) early.push(e)
              else if (e.stream === stream) take(e)
            }
          })
          const started = await desk.resources.streamLogs(name, resource, { ...(opts.container ? { container: opts.container } : {}), previous: !!opts.previous, follow: !!opts.follow, tailLines: Number(opts.tail) })
          stream = started.stream
          open = started.pods.reduce((n, p) => n + (opts.container ? 1 : p.containers.length), 0)
          named = open > 1
          for (const e of early.splice(0)) if (e.type !== 'menu' && 'stream' in e && e.stream === stream) take(e)
          const stop = () => done()
          process.once('SIGINT', stop)
          await finished
          process.off('SIGINT', stop)
          unsubscribe()
          desk.resources.stopLogs(stream)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app logs guestbook apps/Deployment/guestbook/guestbook-ui --follow', 'gitops-desk app logs guestbook /Pod/guestbook/guestbook-ui-5d9f-x2k4p -c app --previous'],
  )

  examples(
    app
      .command('events')
      .description('the Kubernetes events of one of the app\'s resources and of what it owns, newest first')
      .argument('<name>')
      .argument('<resource>')
      .action(async (name: string, resource: string, _opts: unknown, command: Command) => {
        const desk = await deskFor(command)
        try {
          const events = await desk.resources.events(name, resource)
          out(table([['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'], ...events.map((e) => [e.lastSeen, e.type, e.reason, e.object, String(e.count), e.message])]))
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app events guestbook apps/Deployment/guestbook/guestbook-ui'],
  )

  examples(
    app
      .command('manifest')
      .description("one of the app's resources as YAML: live (Secret values masked) or desired (as rendered from Git)")
      .argument('<name>')
      .argument('<resource>')
      .addOption(new Option('--source <which>', 'live or desired').choices(['live', 'desired']).default('live'))
      .action(async (name: string, resource: string, opts: { source: 'live' | 'desired' }, command: Command) => {
        const desk = await deskFor(command)
        try {
          const details = await desk.resources.details(name, resource)
          const text = opts.source === 'live' ? details.live : details.desired
          if (text === null) throw new UserError('NotFound', opts.source === 'live' ? `${resource} is not in ${details.context} (Missing)` : `${resource} is not rendered from Git (it is owned by another resource, or extra)`, resource)
          process.stdout.write(text)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app manifest guestbook apps/Deployment/guestbook/guestbook-ui --source desired'],
  )
}
