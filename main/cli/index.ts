import { Command, CommanderError } from 'commander'
import { UserError } from '../engine/base/errors'
import { appVersion } from '../engine/base/version'
import { actionCommand } from './action'
import { appCommand } from './app'
import { appsetCommand } from './appset'
import { pluginCommand } from './plugin'
import { exportCommand, importCommand } from './argocd'
import { argocdCommand } from './argocd-apps'
import { clusterCommand } from './cluster'
import { diffCommand } from './diff'
import { healthCommand } from './health'
import { exitCodes, outcome } from './exit-codes'
import { renderCommand } from './render'
import { repoCommand } from './repo'
import { reconcileCommand } from './reconcile'
import { settingsCommand } from './settings'
import { syncCommand } from './sync'
import { completionCommands } from './completion'
import { examples } from './help'

export { exitCodes }

export function buildProgram(): Command {
  const program = new Command('gitops-desk')
    .description('GitOps Desk: render Argo CD Applications from Git, compare them with your clusters, sync.')
    .version(appVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--data-dir <dir>', 'the data folder (default: the desktop app\'s; or set GITOPS_DESK_DATA)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .showHelpAfterError('(run gitops-desk --help for usage)')
    .exitOverride()
  for (const command of [renderCommand(), diffCommand(), syncCommand(), healthCommand(), appCommand(), appsetCommand(), pluginCommand(), reconcileCommand(), repoCommand(), clusterCommand(), settingsCommand(), actionCommand(), importCommand(), exportCommand(), argocdCommand(), ...completionCommands(buildProgram)]) {
    program.addCommand(command, command.name().startsWith('__') ? { hidden: true } : {})
  }
  examples(program, ['gitops-desk app add -f apps/', 'gitops-desk diff guestbook', 'gitops-desk sync guestbook --prune', 'gitops-desk app wait guestbook --health', 'gitops-desk completion bash > ~/.local/share/bash-completion/completions/gitops-desk'])
  // Subcommands report usage errors like the root does, and exit through main().
  const configure = (c: Command, path: string) => {
    c.exitOverride().showHelpAfterError(`(run gitops-desk ${path} --help for usage)`)
    c.commands.forEach((sub) => configure(sub, `${path} ${sub.name()}`))
  }
  program.commands.forEach((c) => configure(c, c.name()))
  return program
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    outcome.code = exitCodes.ok
    await program.parseAsync(argv, { from: 'user' })
    if (argv.length === 0) program.outputHelp()
    return outcome.code
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? exitCodes.ok : exitCodes.error
    }
    if (error instanceof UserError) {
      const where = error.where && !error.message.includes(error.where) ? ` (${error.where})` : ''
      process.stderr.write(`gitops-desk: ${error.message}${where}\n`)
      return exitCodes.error
    }
    const detail = process.env.GITOPS_DESK_DEBUG && error instanceof Error ? (error.stack ?? error.message) : error instanceof Error ? error.message : String(error)
    process.stderr.write(`gitops-desk: internal error (a bug; please report it): ${detail}\n`)
    return exitCodes.error
  }
}
