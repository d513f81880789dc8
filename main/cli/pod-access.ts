import type { Command } from 'commander'
import type { DeskEvent } from '../../shared/model'
import { UserError } from '../engine/base/errors'
import { deskFor, out } from './context'
import { outcome } from './exit-codes'
import { examples } from './help'

/** `app exec` and `app port-forward`: kubectl's exec and port-forward, on an app's own pods. */
export function addPodAccessCommands(app: Command): void {
  examples(
    app
      .command('exec')
      .description("run a command in a container of one of the app's Pods (no terminal: its output is printed, its exit code is ours)")
      .argument('<name>')
      .argument('<pod>', 'the Pod KEY, as `app resources` lists it')
      .argument('<command...>', 'the command and its arguments (after --)')
      .option('-c, --container <name>', 'the container (default: the pod’s default or first one)')
      .option('--yes', 'confirm in a protected context')
      .action(async (name: string, pod: string, commandLine: string[], opts: { container?: string; yes?: boolean }, command: Command) => {
        const desk = await deskFor(command)
        try {
          let session = ''
          const early: DeskEvent[] = []
          let done: (code: number) => void = () => undefined
          const finished = new Promise<number>((resolve) => (done = resolve))
          const take = (event: DeskEvent) => {
            if (event.type === 'shell-output') process.stdout.write(event.data)
            else if (event.type === 'shell-end') {
              if (event.exitCode === undefined) process.stderr.write(`gitops-desk: ${event.message}\n`)
              done(event.exitCode ?? 2)
            }
          }
          const unsubscribe = desk.subscribe((events) => {
            for (const e of events) {
              if (e.type !== 'shell-output' && e.type !== 'shell-end') continue
              if (!session) early.push(e)
              else if (e.session === session) take(e)
            }
          })
          const context = opts.yes ? (await desk.refresh(name))?.context : undefined
          const shell = await desk.podAccess.openShell(name, pod, { command: commandLine, tty: false, ...(opts.container ? { container: opts.container } : {}), ...(context ? { consent: { context } } : {}) })
          session = shell.session
          for (const e of early.splice(0)) if ((e.type === 'shell-output' || e.type === 'shell-end') && e.session === session) take(e)
          // The command reads nothing from us: its input ends at once.
          desk.podAccess.shells.endInput(session)
          const stop = () => done(130)
          process.once('SIGINT', stop)
          outcome.code = await finished
          process.off('SIGINT', stop)
          unsubscribe()
          desk.podAccess.closeShell(session)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app exec guestbook /Pod/guestbook/guestbook-ui-5d9f-x2k4p -- cat /etc/os-release'],
  )

  examples(
    app
      .command('port-forward')
      .description("forward 127.0.0.1:LOCAL to a port of one of the app's Pods, or of a Service (through one of its running pods), until Ctrl+C")
      .argument('<name>')
      .argument('<resource>', 'a Pod or Service KEY')
      .argument('<ports>', 'LOCAL:REMOTE, or :REMOTE for any free local port; REMOTE may be a port name')
      .action(async (name: string, resource: string, ports: string, _opts: unknown, command: Command) => {
        const match = /^(\d*):([\w-]+)$/.exec(ports) ?? /^()([\w-]+)$/.exec(ports)
        if (!match) throw new UserError('Invalid', `ports must be LOCAL:REMOTE (e.g. 8080:80), not ${ports}`, 'ports')
        const [, local, remote] = match
        const desk = await deskFor(command)
        try {
          const forward = await desk.podAccess.startPortForward(name, resource, { remotePort: /^\d+$/.test(remote!) ? Number(remote) : remote!, ...(local ? { localPort: Number(local) } : {}) })
          out(`Forwarding from ${forward.address}:${forward.localPort} -> ${forward.pod}:${forward.remotePort} (${forward.context}); Ctrl+C stops`)
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()))
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app port-forward guestbook /Service/guestbook/guestbook-ui 8080:80', 'gitops-desk app port-forward guestbook /Pod/guestbook/guestbook-ui-5d9f-x2k4p :http'],
  )
}
