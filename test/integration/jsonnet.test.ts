import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { K8sObject } from '../../main/engine/base/objects'
import { FixtureRepo } from '../ground/git-fixture'
import { openGroundDesk } from '../support/ground-desk'

// Jsonnet directory sources on the ground: argocd-example-apps' jsonnet-guestbook, and its TLA
// variant, render exactly what go-jsonnet's own command prints for the same arguments, and sync.
const bin = inject('groundBinaries')
const { desk } = openGroundDesk('jsonnet')
const repo = FixtureRepo.create(['jsonnet-guestbook'])
afterAll(() => repo.remove())

// The TLA variant as argocd-example-apps has it: a function of its parameters, with a lib.
mkdirSync(join(repo.dir, 'jsonnet-guestbook-tla'), { recursive: true })
mkdirSync(join(repo.dir, 'vendor', 'labels'), { recursive: true })
writeFileSync(join(repo.dir, 'vendor', 'labels', 'labels.libsonnet'), '{ common(name):: { app: name, "managed-by": std.extVar("tool") } }\n')
writeFileSync(join(repo.dir, 'jsonnet-guestbook-tla', 'guestbook-ui.jsonnet'), `local labels = import 'labels/labels.libsonnet';
function (containerPort=80, image="gcr.io/google-samples/gb-frontend:v5", name="jsonnet-guestbook-ui", replicas=1, servicePort=80, type="LoadBalancer")
  [
    { apiVersion: "v1", kind: "Service", metadata: { name: name, labels: labels.common(name) }, spec: { ports: [{ port: servicePort, targetPort: containerPort }], selector: { app: name }, type: type } },
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: name, labels: labels.common(name) },
      spec: { replicas: replicas, revisionHistoryLimit: 3, selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ image: image, name: name, ports: [{ containerPort: containerPort }] }] } } } },
  ]
`)
repo.commit('the TLA variant')

const app = (name: string, path: string, directory?: Record<string, unknown>) => YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { project: 'default', source: { repoURL: repo.url, path, ...(directory ? { directory } : {}) }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } })
// What the engine adds to every rendered object (tracking, the destination namespace) comes off for the comparison.
const bare = (objects: K8sObject[]) =>
  objects.map((o) => {
    const { namespace: _ns, annotations, ...metadata } = o.metadata
    const rest = Object.fromEntries(Object.entries(annotations ?? {}).filter(([k]) => k !== 'argocd.argoproj.io/tracking-id'))
    return { ...o, metadata: { ...metadata, ...(Object.keys(rest).length ? { annotations: rest } : {}) } }
  })
const jsonnet = (args: string[]) => JSON.parse(execFileSync(bin.jsonnet, args, { encoding: 'utf8', timeout: 60_000 })) as K8sObject[]

describe('Jsonnet directory sources', () => {
  it("jsonnet-guestbook renders as go-jsonnet's command prints it, and syncs", { timeout: 180_000 }, async () => {
    desk.saveYaml(app('jsonnet-gb', 'jsonnet-guestbook'), 'app.yaml')
    const rendered = await desk.render(desk.app('jsonnet-gb'))
    const dir = join(repo.dir, 'jsonnet-guestbook')
    expect(bare(rendered.objects)).toEqual(jsonnet(['-J', dir, join(dir, 'guestbook-ui.jsonnet')]))
    await desk.sync('jsonnet-gb', {})
    expect((await desk.waitForOperation('jsonnet-gb'))?.phase).toBe('Succeeded')
    const status = await desk.refresh('jsonnet-gb')
    expect(status?.sync).toBe('Synced')
    expect(status?.resources.find((r) => r.key === 'apps/Deployment/jsonnet-gb/jsonnet-guestbook-ui')?.health).not.toBe('Degraded')
  })

  it('jsonnet-guestbook-tla: TLAs (string and code), ext vars with the build environment, and libs relative to the repository', { timeout: 180_000 }, async () => {
    const directory = { jsonnet: { tlas: [{ name: 'name', value: 'tla-guestbook' }, { name: 'replicas', value: '2', code: true }, { name: 'type', value: 'ClusterIP' }], extVars: [{ name: 'tool', value: 'gitops-desk-$ARGOCD_APP_NAME' }], libs: ['vendor'] } }
    desk.saveYaml(app('jsonnet-tla', 'jsonnet-guestbook-tla', directory), 'app.yaml')
    const rendered = await desk.render(desk.app('jsonnet-tla'))
    const dir = join(repo.dir, 'jsonnet-guestbook-tla')
    const direct = jsonnet(['-J', dir, '-J', join(repo.dir, 'vendor'), '--tla-str', 'name=tla-guestbook', '--tla-code', 'replicas=2', '--tla-str', 'type=ClusterIP', '--ext-str', 'tool=gitops-desk-jsonnet-tla', join(dir, 'guestbook-ui.jsonnet')])
    expect(bare(rendered.objects)).toEqual(direct)
    expect(direct[1]).toMatchObject({ kind: 'Deployment', metadata: { name: 'tla-guestbook', labels: { 'managed-by': 'gitops-desk-jsonnet-tla' } }, spec: { replicas: 2 } })
    await desk.sync('jsonnet-tla', {})
    expect((await desk.waitForOperation('jsonnet-tla'))?.phase).toBe('Succeeded')
    await expect.poll(async () => (await desk.refresh('jsonnet-tla'))?.health, { timeout: 60_000 }).toBe('Healthy')
    expect((await desk.refresh('jsonnet-tla'))?.sync).toBe('Synced')

    // A jsonnet error names the file and go-jsonnet's reason; a lib outside the repository is refused.
    desk.saveYaml(app('jsonnet-bad', 'jsonnet-guestbook-tla', { jsonnet: { tlas: [{ name: 'replicas', value: 'two(', code: true }], libs: ['vendor'] } }), 'app.yaml')
    await expect(desk.render(desk.app('jsonnet-bad'))).rejects.toThrow(/Failed to evaluate jsonnet "jsonnet-guestbook-tla\/guestbook-ui.jsonnet": .*/)
    desk.saveYaml(app('jsonnet-escape', 'jsonnet-guestbook-tla', { jsonnet: { libs: ['../../etc'] } }), 'app.yaml')
    await expect(desk.render(desk.app('jsonnet-escape'))).rejects.toThrow(/outside the repository|escapes/)
  })
})
