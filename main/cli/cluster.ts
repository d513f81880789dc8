import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { UserError } from '../engine/errors'
import { engineFor, out, table } from './context'

export function clusterCommand(): Command {
  const cluster = new Command('cluster').description('kubeconfig contexts and imported clusters, and which one is active')

  cluster.command('list')
    .description('list contexts with reachability; * marks the active one (where in-cluster apps go)')
    .action(async (_opts: unknown, command: Command) => {
      const engine = engineFor(command)
      const contexts = await engine.loadContexts()
      const all = contexts.contexts()
      if (all.length === 0) return out('No contexts: set KUBECONFIG, create ~/.kube/config, or import a cluster (gitops-desk cluster import)')
      const imported = new Set(engine.importedClusters.list().map((c) => c.name))
      const checks = await Promise.all(all.map((c) => engine.checkConnection(c.name)))
      out(table([['', 'NAME', 'SOURCE', 'SERVER', 'STATUS'], ...all.map((c, i) => [c.name === contexts.active ? '*' : '', c.name, imported.has(c.name) ? 'imported' : 'kubeconfig', c.server, checks[i]!.reachable ? `reachable (${checks[i]!.version})` : unreachable(checks[i]!.reason ?? '')])]))
    })

  cluster.command('use')
    .description('make a context active: Applications with destination https://kubernetes.default.svc go there')
    .argument('<context>')
    .action(async (context: string, _opts: unknown, command: Command) => {
      await engineFor(command).useContext(context)
      out(`active context: ${context}`)
    })

  for (const [verb, protect] of [['protect', true], ['unprotect', false]] as const) {
    cluster.command(verb)
      .description(protect ? 'require an explicit confirmation (--yes) for syncs to this context' : 'stop requiring a confirmation for this context')
      .argument('<context>')
      .action(async (context: string, _opts: unknown, command: Command) => {
        const engine = engineFor(command)
        if (!(await engine.loadContexts()).contexts().some((c) => c.name === context)) throw new UserError('NotFound', `no context "${context}"`, context)
        engine.store.update((data) => {
          const others = data.settings.protectedContexts.filter((c) => c !== context)
          data.settings.protectedContexts = protect ? [...others, context] : others
        })
        out(`${context} is ${protect ? 'now protected' : 'no longer protected'}`)
      })
  }

  cluster.command('import')
    .description('import a cluster from an Argo CD cluster Secret, or one context of a kubeconfig file; its secrets go to the OS keychain')
    .option('--argo-secret <file>', 'Argo CD cluster Secret YAML (argocd.argoproj.io/secret-type: cluster)')
    .option('--kubeconfig-file <file>', 'a kubeconfig file to take one context from')
    .option('--context <name>', 'the context to import from --kubeconfig-file')
    .option('--name <name>', 'the name to give it (default: the context name)')
    .action(async (opts: { argoSecret?: string; kubeconfigFile?: string; context?: string; name?: string }, command: Command) => {
      const engine = engineFor(command)
      if (opts.argoSecret) {
        for (const c of await engine.importedClusters.importArgoSecret(readFileSync(opts.argoSecret, 'utf8'), opts.argoSecret)) out(`cluster ${c.name} (${c.server}) imported`)
      } else if (opts.kubeconfigFile && opts.context) {
        const c = await engine.importedClusters.importKubeconfig(opts.kubeconfigFile, opts.context, opts.name)
        out(`cluster ${c.name} (${c.server}) imported`)
      } else {
        throw new UserError('Invalid', 'give --argo-secret FILE, or --kubeconfig-file FILE with --context NAME')
      }
    })

  cluster.command('remove')
    .description('remove an imported cluster and delete its secrets from the keychain (kubeconfig contexts are not touched)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, command: Command) => {
      if (!(await engineFor(command).importedClusters.remove(name))) throw new UserError('NotFound', `no imported cluster named ${name}`, name)
      out(`cluster ${name} removed`)
    })

  return cluster
}

const unreachable = (reason: string) => (reason.startsWith('unreachable') ? reason : `unreachable: ${reason}`)
