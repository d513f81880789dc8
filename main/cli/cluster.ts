import { Command } from 'commander'
import { engineFor, out, table } from './context'

export function clusterCommand(): Command {
  const cluster = new Command('cluster').description('kubeconfig contexts, and which one is active')

  cluster.command('list')
    .description('list contexts with reachability; * marks the active one (where in-cluster apps go)')
    .action(async (_opts: unknown, command: Command) => {
      const engine = engineFor(command)
      const contexts = engine.contexts.contexts()
      if (contexts.length === 0) return out('No contexts: set KUBECONFIG or create ~/.kube/config')
      const checks = await Promise.all(contexts.map((c) => engine.checkConnection(c.name)))
      out(table([['', 'NAME', 'SERVER', 'STATUS'], ...contexts.map((c, i) => [c.name === engine.contexts.active ? '*' : '', c.name, c.server, checks[i]!.reachable ? `reachable (${checks[i]!.version})` : unreachable(checks[i]!.reason ?? '')])]))
    })

  cluster.command('use')
    .description('make a context active: Applications with destination https://kubernetes.default.svc go there')
    .argument('<context>')
    .action((context: string, _opts: unknown, command: Command) => {
      engineFor(command).useContext(context)
      out(`active context: ${context}`)
    })

  return cluster
}

const unreachable = (reason: string) => (reason.startsWith('unreachable') ? reason : `unreachable: ${reason}`)
