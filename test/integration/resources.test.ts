import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { DeskEvent, LogLine } from '../../shared/model'
import { openDesk } from '../../main/api/desk'
import { criLogLine, podLogFiles } from '../ground/cluster'
import { FixtureRepo } from '../ground/git-fixture'
import { MemorySecrets } from '../support/memory-secrets'
import { kubectlOn } from '../support/kubectl'

// The resource panel's reads on the ground: live and desired manifests, Kubernetes Events of a
// Deployment and what it owns, pod logs streamed through the API server (kwok serves them from
// files this test writes to), and Argo CD's orphaned resources.
const bin = inject('groundBinaries')
const kubeconfig = inject('kubeconfig')
const logs = podLogFiles(join(inject('groundDir'), 'cluster-1'))
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create([])
mkdirSync(join(repo.dir, 'app'))
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }, { name: 'sidecar', image: 'busybox:1.36' }] } } },
}
writeFileSync(join(repo.dir, 'app', 'web.yaml'), YAML.stringify(deployment) + '---\n' + YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-token' }, stringData: { token: 's3cr3t-value' } }))
repo.commit('web with a sidecar')
const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-resources-'))
const desk = openDesk({ dataDir, secrets: new MemorySecrets(), syncPollMs: 250, controller: { autoSync: false } })
const events: DeskEvent[] = []
const unsubscribe = desk.subscribe((batch) => events.push(...batch))
afterAll(async () => {
  unsubscribe()
  await desk.close()
  repo.remove()
  rmSync(dataDir, { recursive: true, force: true })
})
const key = 'apps/Deployment/res-web/web'
const linesOf = (stream: string): LogLine[] => events.flatMap((e) => (e.type === 'logs' && e.stream === stream ? e.lines : []))

describe('the resource panel on the ground', () => {
  it('shows live and desired manifests (Secret values masked) and the pods with their containers', { timeout: 180_000 }, async () => {
    desk.saveYaml(
      YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'watched' }, spec: { sourceRepos: ['*'], destinations: [{ name: '*', namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }], orphanedResources: { warn: true, ignore: [{ group: '', kind: 'Secret' }] } } }) +
        '---\n' +
        YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'res-web' }, spec: { project: 'watched', source: { repoURL: repo.url, path: 'app' }, destination: { name: 'ground-1', namespace: 'res-web' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }),
      'app.yaml',
    )
    await desk.sync('res-web', {})
    expect((await desk.waitForOperation('res-web'))?.phase).toBe('Succeeded')
    await expect.poll(async () => (await desk.resourceTree('res-web')).filter((n) => n.kind === 'Pod' && n.health === 'Healthy').length, { timeout: 60_000 }).toBe(1)

    const details = await desk.resources.details('res-web', key)
    expect(details).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'res-web', context: 'ground-1', managed: true, health: 'Healthy', status: 'Synced' })
    expect(details.live).toMatch(/uid: /)
    expect(details.desired).toContain('image: busybox:1.36')
    expect(details.desired).not.toContain('uid:')
    expect(details.pods).toHaveLength(1)
    expect(details.pods[0]).toMatchObject({ containers: ['main', 'sidecar'], initContainers: [] })

    const secret = await desk.resources.details('res-web', '/Secret/res-web/web-token')
    expect(`${secret.live}${secret.desired}`).not.toContain('s3cr3t-value')
    expect(secret.desired).toMatch(/token: \++/)

    // A Pod the Deployment owns has its own panel; a key outside the app's tree is refused.
    const pod = (await desk.resourceTree('res-web')).find((n) => n.kind === 'Pod')!
    expect(await desk.resources.details('res-web', pod.key)).toMatchObject({ kind: 'Pod', managed: false, desired: null, owners: [{ kind: 'ReplicaSet' }] })
    await expect(desk.resources.details('res-web', '/ConfigMap/kube-system/extension-apiserver-authentication')).rejects.toThrow(/res-web has no resource \/ConfigMap\/kube-system\/extension-apiserver-authentication/)
  })

  it("lists the Deployment's scaling events and those of its ReplicaSet and pods, and announces new ones", { timeout: 120_000 }, async () => {
    const first = await desk.resources.events('res-web', key)
    expect(first.map((e) => e.reason)).toContain('ScalingReplicaSet')
    expect(first.map((e) => e.object)).toEqual(expect.arrayContaining([expect.stringMatching(/^ReplicaSet\/web-/)]))
    const before = events.length
    kubectl('-n', 'res-web', 'scale', 'deployment/web', '--replicas=3')
    await expect.poll(() => events.slice(before).some((e) => e.type === 'kube-events' && e.namespace === 'res-web'), { timeout: 30_000 }).toBe(true)
    await expect.poll(async () => (await desk.resources.events('res-web', key)).filter((e) => e.object === 'Deployment/web' && e.reason === 'ScalingReplicaSet').map((e) => e.message), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^Scaled up replica set web-\w+ from 1 to 3$/))
    // Newest first: the scale-up comes before the first rollout's event.
    const after = await desk.resources.events('res-web', key)
    expect(after.findIndex((e) => / to 3$/.test(e.message))).toBeLessThan(after.findIndex((e) => / to 1$/.test(e.message)))
  })

  it("streams a workload's pods' logs named by pod and container; a line written appears; previous and one container", { timeout: 120_000 }, async () => {
    await expect.poll(async () => (await desk.resources.details('res-web', key)).pods.length, { timeout: 60_000 }).toBe(3)
    const { stream, pods } = await desk.resources.streamLogs('res-web', key, { tailLines: 100 })
    expect(pods.map((p) => p.containers)).toEqual([['main', 'sidecar'], ['main', 'sidecar'], ['main', 'sidecar']])
    // Other tests write to the same log file meanwhile: its first line and the sidecar's, from each pod.
    const seen = () => linesOf(stream).filter((l) => l.text === 'ground: container started' || l.text === 'ground: sidecar started').map((l) => `${l.pod}/${l.container}`).sort()
    await expect.poll(seen, { timeout: 30_000 }).toEqual(pods.flatMap((p) => [`${p.pod}/main`, `${p.pod}/sidecar`]).sort())
    expect(linesOf(stream)[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT/)

    const marker = `written by the test at ${Date.now()}`
    appendFileSync(logs.current, criLogLine(marker))
    await expect.poll(() => linesOf(stream).filter((l) => l.text === marker).length, { timeout: 10_000 }).toBe(3)
    expect(desk.resources.stopLogs(stream)).toBe(true)
    appendFileSync(logs.current, criLogLine('after the stop'))

    const previous = await desk.resources.streamLogs('res-web', pods[0]!.pod ? `/Pod/res-web/${pods[0]!.pod}` : key, { previous: true, container: 'sidecar', follow: false })
    await expect.poll(() => linesOf(previous.stream).map((l) => `${l.pod}/${l.container}: ${l.text}`), { timeout: 30_000 }).toEqual([`${pods[0]!.pod}/sidecar: ground: the previous container, before its restart`])
    await expect.poll(() => events.some((e) => e.type === 'logs-end' && e.stream === previous.stream), { timeout: 30_000 }).toBe(true)
    desk.resources.stopLogs(previous.stream)
    await new Promise((r) => setTimeout(r, 500))
    expect(linesOf(stream).some((l) => l.text === 'after the stop')).toBe(false)
    await expect(desk.resources.streamLogs('res-web', key, { container: 'nope' })).rejects.toThrow(/no pod of apps\/Deployment\/res-web\/web has a container "nope"/)
  })

  it('the CLI prints the same: logs of one container of every pod (named), events, the desired manifest', { timeout: 120_000 }, () => {
    const env = { ...process.env, KUBECONFIG: kubeconfig, GITOPS_DESK_DATA: dataDir, PATH: `${bin.binDir}:${process.env.PATH}` }
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL' })
    const logsRun = cli('app', 'logs', 'res-web', key, '-c', 'sidecar', '--tail', '1')
    expect(logsRun.status, logsRun.stderr).toBe(0)
    expect(logsRun.stdout.trim().split('\n')).toEqual(expect.arrayContaining([expect.stringMatching(/^web-\w+-\w+\/sidecar ground: sidecar started$/)]))
    expect(logsRun.stdout.trim().split('\n')).toHaveLength(3)
    const eventsRun = cli('app', 'events', 'res-web', key)
    expect(eventsRun.stdout).toMatch(/Normal\s+ScalingReplicaSet\s+Deployment\/web\s+\d+\s+Scaled up replica set web-\w+ from 1 to 3/)
    const manifestRun = cli('app', 'manifest', 'res-web', key, '--source', 'desired')
    expect(YAML.parse(manifestRun.stdout)).toMatchObject({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'main' }, { name: 'sidecar' }] } } } })
    const refused = cli('app', 'logs', 'res-web', '/Secret/res-web/web-token')
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/a Secret has no logs/)
  })

  it("raises OrphanedResourceWarning for a ConfigMap no app manages in the app's namespace, ignoring the project's ignored kinds", { timeout: 120_000 }, async () => {
    kubectl('-n', 'res-web', 'create', 'configmap', 'stray', '--from-literal=a=b')
    kubectl('-n', 'res-web', 'create', 'secret', 'generic', 'ignored-by-project', '--from-literal=a=b')
    await expect.poll(async () => (await desk.refresh('res-web'))?.conditions.filter((c) => c.type === 'OrphanedResourceWarning').map((c) => c.message), { timeout: 60_000 }).toEqual(['Application has 1 orphaned resources'])
    expect(desk.listApps().find((a) => a.name === 'res-web')?.status?.orphaned?.map((o) => o.key)).toEqual(['/ConfigMap/res-web/stray'])
    kubectl('-n', 'res-web', 'delete', 'configmap', 'stray')
    await expect.poll(async () => (await desk.refresh('res-web'))?.conditions.some((c) => c.type === 'OrphanedResourceWarning'), { timeout: 60_000 }).toBe(false)
  })
})
