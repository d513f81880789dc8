import { Command, CommanderError } from 'commander'
import { appVersion } from '../engine/version'

/** Exit codes, as kubectl diff uses them: 0 fine, 1 a finding (OutOfSync, Failed), 2 an error. */
export const exitCodes = { ok: 0, finding: 1, error: 2 } as const

export function buildProgram(): Command {
  const program = new Command('gitops-desk')
    .description('GitOps Desk: render Argo CD Applications from Git, compare them with your clusters, sync.')
    .version(appVersion, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run gitops-desk --help for usage)')
    .exitOverride()
  return program
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv, { from: 'user' })
    if (argv.length === 0) program.outputHelp()
    return exitCodes.ok
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? exitCodes.ok : exitCodes.error
    }
    process.stderr.write(`gitops-desk: ${error instanceof Error ? error.message : String(error)}\n`)
    return exitCodes.error
  }
}
