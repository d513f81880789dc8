import { Command } from 'commander'
import { UserError } from '../engine/base/errors'
import { examples } from './help'
import { out, storeFor } from './context'

/** Arguments whose values come from the user's data: completed by asking `gitops-desk __complete`. */
const dynamicArgs: Record<string, 'apps' | 'contexts'> = { app: 'apps', name: 'apps', context: 'contexts' }

interface Node {
  path: string
  subcommands: string[]
  options: string[]
  /** What the first positional argument completes to. */
  arg?: 'apps' | 'contexts'
}

/** Every command path with its subcommands, options and what its argument completes to. */
function nodes(program: Command): Node[] {
  const all: Node[] = []
  const visit = (command: Command, path: string) => {
    const first = command.registeredArguments[0]?.name()
    const options = command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f))
    const arg = first ? dynamicArgs[first] : undefined
    all.push({ path, subcommands: command.commands.filter((c) => !c.name().startsWith('__')).map((c) => c.name()), options: [...options, '--help'], ...(arg ? { arg } : {}) })
    for (const sub of command.commands) visit(sub, path ? `${path} ${sub.name()}` : sub.name())
  }
  visit(program, '')
  return all
}

/** The completion script for a shell: static words from the command tree, app names and contexts asked of the CLI. */
export function completionScript(program: Command, shell: string): string {
  const table = nodes(program)
  const caseLines = table.map((n) => `    "${n.path}") words="${[...n.subcommands, ...n.options].join(' ')}"; dyn="${n.arg ?? ''}" ;;`).join('\n')
  const lookup = `  local path="" w i
  for ((i = 1; i < cword; i++)); do
    w="\${cwords[i]}"
    case "$w" in -*) continue ;; esac
    case " $(__gitops_desk_words "$path") " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done`
  const body = `__gitops_desk_words() {
  local words="" dyn=""
  case "$1" in
${caseLines}
  esac
  printf '%s' "$words"
}
__gitops_desk_dyn() {
  local words="" dyn=""
  case "$1" in
${caseLines}
  esac
  [ -n "$dyn" ] && gitops-desk __complete "$dyn" 2>/dev/null
}`
  if (shell === 'bash') {
    return `# gitops-desk bash completion: source <(gitops-desk completion bash)
${body}
_gitops_desk() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cword=$COMP_CWORD
  local -a cwords=("\${COMP_WORDS[@]}")
${lookup}
  COMPREPLY=($(compgen -W "$(__gitops_desk_words "$path") $(__gitops_desk_dyn "$path")" -- "$cur"))
}
complete -F _gitops_desk gitops-desk
`
  }
  if (shell === 'zsh') {
    return `#compdef gitops-desk
# gitops-desk zsh completion: source <(gitops-desk completion zsh)
autoload -U +X bashcompinit && bashcompinit
${completionScript(program, 'bash').split('\n').slice(1).join('\n')}`
  }
  if (shell === 'fish') {
    const lines = table.flatMap((n) => {
      const condition = n.path ? `__fish_seen_subcommand_from ${n.path.split(' ').at(-1)}` : '__fish_use_subcommand'
      return [
        ...n.subcommands.map((s) => `complete -c gitops-desk -f -n '${condition}' -a '${s}'`),
        ...(n.arg && n.path ? [`complete -c gitops-desk -f -n '${condition}' -a '(gitops-desk __complete ${n.arg} 2>/dev/null)'`] : []),
      ]
    })
    return `# gitops-desk fish completion: gitops-desk completion fish | source\n${[...new Set(lines)].join('\n')}\n`
  }
  throw new UserError('Invalid', `no completion for "${shell}": bash, zsh or fish`, shell)
}

export function completionCommands(program: () => Command): Command[] {
  const completion = examples(
    new Command('completion')
      .description('print a shell completion script (commands, options, app names, contexts)')
      .argument('<shell>', 'bash, zsh or fish')
      .action((shell: string) => out(completionScript(program(), shell))),
    ['gitops-desk completion bash > ~/.local/share/bash-completion/completions/gitops-desk', 'gitops-desk completion fish > ~/.config/fish/completions/gitops-desk.fish', 'source <(gitops-desk completion zsh)    # in ~/.zshrc'],
  )
  // What the scripts ask for: stored app names, or kubeconfig contexts (without contacting a cluster).
  const complete = new Command('__complete')
    .argument('<what>', 'apps or contexts')
    .action(async (what: string, _opts: unknown, command: Command) => {
      if (what === 'apps') return out((await storeFor(command)).apps().map((a) => a.metadata.name).join('\n'))
      if (what === 'contexts') {
        const { contextNames } = await import('../engine/clusters/context-names')
        return out(contextNames((await storeFor(command)).store.read().clusters.map((c) => c.name)).join('\n'))
      }
      throw new UserError('Invalid', `nothing to complete for "${what}"`)
    })
  return [completion, complete]
}
