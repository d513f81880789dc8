import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// Editing a live object on the ground: a dry run first changes nothing and says what would;
// a protected context needs its name typed; the edit is a server-side apply by its own field
// manager (gitops-desk-edit), and the app then shows the drift it made (OutOfSync).
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const { desk } = openGroundDesk('live-edit')
const secrets = FixtureRepo.create([])
mkdirSync(join(secrets.dir, 'creds'))
writeFileSync(join(secrets.dir, 'creds', 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ntype: Opaque\ndata:\n  password: c2VjcmV0LXBhc3N3b3Jk\n  token: c2VjcmV0LXRva2Vu\n')
secrets.commit('a Secret')
afterAll(() => (repo.remove(), secrets.remove()))
const app = 'edit-gb'
const key = `apps/Deployment/${app}/guestbook-ui`
const replicas = () => kubectl('-n', app, 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}')

describe('edit a live object', () => {
  it("a dry run shows the change; the edit needs the typed name on a protected context; the app shows the drift", { timeout: 240_000 }, async () => {
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: app }, spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: app }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync(app, {})
    expect((await desk.waitForOperation(app))?.phase).toBe('Succeeded')
    expect((await desk.refresh(app))?.sync).toBe('Synced')
    expect(replicas()).toBe('1')

    const { yaml, context } = await desk.liveResources.editable(app, key)
    expect(context).toBe('ground-1')
    expect(yaml).not.toMatch(/managedFields|^status:/m)
    const edited = YAML.parse(yaml) as { spec: { replicas: number } }
    edited.spec.replicas = 3
    const text = YAML.stringify(edited)

    const dry = await desk.editResource(app, key, text, { dryRun: true })
    expect(dry.dryRun).toBe(true)
    expect(dry.diff.unifiedDiff.split('\n').filter((l) => /^[-+][^-+]/.test(l))).toEqual(['-  replicas: 1', '+  replicas: 3'])
    expect(replicas()).toBe('1')

    await desk.protectCluster('ground-1', true)
    try {
      await expect(desk.editResource(app, key, text)).rejects.toThrow(/ground-1 is a protected context/)
      await expect(desk.editResource(app, key, text, { consent: { context: 'ground-2' } })).rejects.toThrow(/does not match the destination context ground-1/)
      expect(replicas()).toBe('1')
      const done = await desk.editResource(app, key, text, { consent: { context: 'ground-1' } })
      expect(done.message).toMatch(/edited apps\/Deployment\/edit-gb\/guestbook-ui in ground-1 \(field manager gitops-desk-edit\)/)
    } finally {
      await desk.protectCluster('ground-1', false)
    }
    expect(replicas()).toBe('3')
    const managers = kubectl.json<{ metadata: { managedFields: { manager: string; fieldsV1: { 'f:spec'?: Record<string, unknown> } }[] } }>('-n', app, 'get', 'deployment', 'guestbook-ui', '-o', 'json', '--show-managed-fields').metadata.managedFields
    expect(managers.find((m) => m.manager === 'gitops-desk-edit')?.fieldsV1['f:spec']).toEqual({ 'f:replicas': {} })
    // The drift it made: the app is OutOfSync on exactly that resource.
    await expect.poll(async () => (await desk.refresh(app))?.resources.filter((r) => r.status !== 'Synced').map((r) => r.key), { timeout: 60_000, interval: 500 }).toEqual([key])
    expect(desk.getApp(app).events.map((e) => e.action)).toEqual(['edit'])

    // The editor started from resourceVersion N; the object has moved on since: a Conflict, nothing overwritten.
    await expect(desk.editResource(app, key, YAML.stringify({ ...edited, spec: { ...edited.spec, replicas: 5 } }))).rejects.toThrow(/conflict|modified|changed/i)
    expect(replicas()).toBe('3')
  })

  it("refuses an object that is not in the app's tree, and an edit that renames", { timeout: 60_000 }, async () => {
    await expect(desk.liveResources.editable(app, '/ConfigMap/kube-system/extension-apiserver-authentication')).rejects.toThrow(/edit-gb has no resource \/ConfigMap\/kube-system/)
    const { yaml } = await desk.liveResources.editable(app, key)
    await expect(desk.editResource(app, key, yaml.replace('name: guestbook-ui', 'name: other'))).rejects.toThrow(/cannot change what the object is/)
    await expect(desk.editResource(app, key, yaml)).rejects.toThrow(/changes nothing/)
  })

  it("a Secret opens masked; an edit sends only the keys really changed, the others keep their live values", { timeout: 180_000 }, async () => {
    const name = 'edit-secret'
    const secretKey = `/Secret/${name}/creds`
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: secrets.url, path: 'creds' }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'secret-app.yaml')
    await desk.sync(name, {})
    expect((await desk.waitForOperation(name))?.phase).toBe('Succeeded')
    const { yaml } = await desk.liveResources.editable(name, secretKey)
    expect(yaml).not.toMatch(/c2VjcmV0/)
    const edited = YAML.parse(yaml) as { data: Record<string, string>; metadata: { labels?: Record<string, string> } }
    expect(edited.data.password).toMatch(/^\++$/)
    edited.data.token = Buffer.from('new-token').toString('base64')
    edited.metadata.labels = { edited: 'yes' }
    await desk.editResource(name, secretKey, YAML.stringify(edited))
    const live = kubectl.json<{ data: Record<string, string>; metadata: { labels?: Record<string, string> } }>('-n', name, 'get', 'secret', 'creds', '-o', 'json')
    expect(live.data).toEqual({ password: Buffer.from('secret-password').toString('base64'), token: Buffer.from('new-token').toString('base64') })
    expect(live.metadata.labels).toEqual({ edited: 'yes' })
    const managers = kubectl.json<{ metadata: { managedFields: { manager: string; fieldsV1: { 'f:data'?: Record<string, unknown> } }[] } }>('-n', name, 'get', 'secret', 'creds', '-o', 'json', '--show-managed-fields').metadata.managedFields
    expect(managers.find((m) => m.manager === 'gitops-desk-edit')?.fieldsV1['f:data']).toEqual({ 'f:token': {} })
  })
})
