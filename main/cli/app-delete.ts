import type { Command } from 'commander'
import { examples } from './help'
import { deskFor, out } from './context'

/** `app retry-delete` and `app cancel-delete`: what to do with a deletion that could not finish. */
export function addDeletionCommands(app: Command): void {
  examples(
    app
      .command('retry-delete')
      .description('run a deletion that could not finish (a DeletionError: a resource that would not go) again, with the consents it was started with')
      .argument('<name>')
      .action(async (name: string, _opts: unknown, command: Command) => {
        const desk = await deskFor(command)
        try {
          const result = await desk.retryDeletion(name)
          for (const key of result.deleted) out(`deleted ${key}`)
          for (const { key, reason } of result.kept) out(`kept    ${key} (${reason})`)
          out(`application ${name} removed; ${result.deleted.length} resources deleted from ${result.context} (${result.cascade})`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app retry-delete guestbook   # after removing the finalizer that held a resource'],
  )

  examples(
    app
      .command('cancel-delete')
      .description('give up a deletion: the app stays with the resources still in the cluster, and syncs may start again')
      .argument('<name>')
      .action(async (name: string, _opts: unknown, command: Command) => {
        const desk = await deskFor(command)
        try {
          out(desk.cancelDeletion(name) ? `deletion of ${name} cancelled; the app stays` : `${name} is not being deleted`)
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk app cancel-delete guestbook'],
  )
}
