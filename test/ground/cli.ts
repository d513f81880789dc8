// `npm run testground -- build | up | down | stop-apiserver | start-apiserver`
import { Command } from 'commander'
import { ensureArgoBuilt } from './argocd'
import { ensureBuilt } from './build'
import { down, startApiserver, stopApiserver, up } from './cluster'
import { ensureRolloutsBuilt } from './rollouts'

const program = new Command('testground').description('Real Kubernetes clusters on loopback, built from Go modules')

program.command('build').description('build (or reuse from the cache) etcd, kube-apiserver, controller-manager, scheduler, kubectl, kwok, helm, kustomize, Argo CD and Argo Rollouts')
  .action(() => {
    const bin = ensureBuilt()
    console.log(bin.binDir)
    console.log(ensureArgoBuilt().binDir)
    console.log(ensureRolloutsBuilt().controller)
  })

program.command('up').description('start N clusters and write DIR/kubeconfig')
  .option('--clusters <n>', 'number of clusters', '1')
  .requiredOption('--state <dir>', 'folder for data, logs and the kubeconfig')
  .option('--nodes <n>', 'kwok nodes per cluster', '2')
  .option('--argocd', 'also run Argo CD (redis, repo server, application and ApplicationSet controllers) against cluster 1')
  .option('--rollouts', 'also run the Argo Rollouts controller (its CRDs applied) against the last cluster')
  .action(async (opts: { clusters: string; state: string; nodes: string; argocd?: boolean; rollouts?: boolean }) => {
    const state = await up(ensureBuilt(), Number(opts.clusters), opts.state, Number(opts.nodes), opts.argocd ? ensureArgoBuilt() : undefined, opts.rollouts ? ensureRolloutsBuilt() : undefined)
    console.log(state.kubeconfig)
  })

program.command('down').description('stop everything started for DIR and remove DIR')
  .requiredOption('--state <dir>', 'the folder given to up')
  .action(async (opts: { state: string }) => down(opts.state))

program.command('stop-apiserver').description('stop one cluster’s kube-apiserver (data and port are kept)')
  .requiredOption('--state <dir>').requiredOption('--cluster <k>', 'cluster number, from 1')
  .action(async (opts: { state: string; cluster: string }) => stopApiserver(opts.state, Number(opts.cluster)))

program.command('start-apiserver').description('start a stopped kube-apiserver again')
  .requiredOption('--state <dir>').requiredOption('--cluster <k>', 'cluster number, from 1')
  .action(async (opts: { state: string; cluster: string }) => startApiserver(opts.state, Number(opts.cluster)))

program.parseAsync().catch((error: unknown) => {
  console.error(`testground: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(2)
})
