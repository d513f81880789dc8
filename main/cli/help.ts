import type { Command } from 'commander'

/** Adds an Examples section to a command's --help; returns the command. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`)
}
