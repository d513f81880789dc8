import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { examples } from './help'
import { UserError } from '../engine/base/errors'
import { deskFor, out, table } from './context'

export function clusterCommand(): Command {
  const cluster = new Command('cluster').description('kubeconfig contexts and imported clusters, and which one is active')

  cluster.command('list')
    .description('list contexts with reachability; * marks the active one (where in-cluster apps go)')
    .action(async (_opts: unknown, command: Command) => {
      const all = await (await deskFor(command)).listClusters()
      if (all.length === 0) return out('No contexts: set KUBECONFIG, create ~/.kube/config, or import a cluster (gitops-desk cluster import)')
      out(table([['', 'NAME', 'SOURCE', 'SERVER', 'STATUS', 'LABELS'], ...all.map((c) => [c.active ? '*' : '', c.name, c.imported ? 'imported' : 'kubeconfig', c.server, c.reachable ? `reachable (${c.version})` : unreachable(c.reason ?? ''), Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(',') || '-'])]))
    })

  cluster.command('use')
    .description('make a context active: Applications with destination https://kubernetes.default.svc go there')
    .argument('<context>')
    .action(async (context: string, _opts: unknown, command: Command) => {
      await (await deskFor(command)).useCluster(context)
      out(`active context: ${context}`)
    })

  for (const [verb, protect] of [['protect', true], ['unprotect', false]] as const) {
    cluster.command(verb)
      .description(protect ? 'require an explicit confirmation (--yes) for syncs to this context' : 'stop requiring a confirmation for this context')
      .argument('<context>')
      .action(async (context: string, _opts: unknown, command: Command) => {
        await (await deskFor(command)).protectCluster(context, protect)
        out(`${context} is ${protect ? 'now protected' : 'no longer protected'}`)
      })
  }

  examples(
    cluster.command('label')
      .description('set (k=v) or remove (k-) labels of a context; the ApplicationSet clusters generator selects by them')
      .argument('<context>')
      .argument('[labels...]')
      .action(async (context: string, labels: string[], _opts: unknown, command: Command) => {
        const set: Record<string, string> = {}
        const remove: string[] = []
        for (const label of labels) {
          if (label.endsWith('-') && !label.includes('=')) remove.push(label.slice(0, -1))
          else if (/^[^=]+=/.test(label)) set[label.slice(0, label.indexOf('='))] = label.slice(label.indexOf('=') + 1)
          else throw new UserError('Invalid', `label "${label}": write key=value to set it, key- to remove it`, label)
        }
        const desk = await deskFor(command)
        try {
          const { labels: now, appsets } = await desk.labelCluster(context, set, remove)
          out(`${context}: ${Object.entries(now).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}`)
          // ApplicationSets that select clusters follow at once (creates and updates; a delete with resources waits for appset apply --yes).
          const { planLines } = await import('./appset')
          for (const { appset, applied, error } of appsets) {
            if (error) out(`ApplicationSet ${appset}: ${error}`)
            else for (const line of planLines(applied!, false, true).filter((l) => !l.startsWith('  '))) out(`ApplicationSet ${appset}: ${line}`)
          }
        } finally {
          await desk.close()
        }
      }),
    ['gitops-desk cluster label kind-dev env=dev team=web', 'gitops-desk cluster label kind-dev team-'],
  )

  cluster.command('import')
    .description('import a cluster from an Argo CD cluster Secret, or one context of a kubeconfig file; its secrets go to the OS keychain')
    .option('--argo-secret <file>', 'Argo CD cluster Secret YAML (argocd.argoproj.io/secret-type: cluster)')
    .option('--kubeconfig-file <file>', 'a kubeconfig file to take one context from')
    .option('--context <name>', 'the context to import from --kubeconfig-file')
    .option('--name <name>', 'the name to give it (default: the context name)')
    .action(async (opts: { argoSecret?: string; kubeconfigFile?: string; context?: string; name?: string }, command: Command) => {
      const desk = await deskFor(command)
      const imported = opts.argoSecret
        ? await desk.importCluster({ kind: 'argo-secret', text: readFileSync(opts.argoSecret, 'utf8') }, opts.argoSecret)
        : opts.kubeconfigFile && opts.context
          ? await desk.importCluster({ kind: 'kubeconfig-file', file: opts.kubeconfigFile, context: opts.context, name: opts.name })
          : null
      if (!imported) throw new UserError('Invalid', 'give --argo-secret FILE, or --kubeconfig-file FILE with --context NAME')
      for (const c of imported) out(`cluster ${c.name} (${c.server}) imported`)
    })

  cluster.command('remove')
    .description('remove an imported cluster and delete its secrets from the keychain (kubeconfig contexts are not touched)')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, command: Command) => {
      if (!(await (await deskFor(command)).removeCluster(name))) throw new UserError('NotFound', `no imported cluster named ${name}`, name)
      out(`cluster ${name} removed`)
    })

  const shown: Record<string, string[]> = {
    list: ['gitops-desk cluster list'],
    use: ['gitops-desk cluster use kind-dev'],
    protect: ['gitops-desk cluster protect prod'],
    unprotect: ['gitops-desk cluster unprotect prod'],
    import: ['gitops-desk cluster import --argo-secret cluster-secret.yaml', 'gitops-desk cluster import --kubeconfig-file ~/Downloads/prod.yaml --context prod --name prod'],
    remove: ['gitops-desk cluster remove prod'],
  }
  for (const sub of cluster.commands) examples(sub, shown[sub.name()] ?? [])
  return cluster
}

const unreachable = (reason: string) => (reason.startsWith('unreachable') ? reason : `unreachable: ${reason}`)
