import { get as httpGet } from 'node:http'
import { randomBytes } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiContract, type DeskEvent, type GitopsApi } from '../../shared/api'
import { channelOf, createClient, eventsChannel } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import { openDesk } from '../../main/api/desk'
import { createApiHandlers } from '../../main/api/handlers'
import { forwardEvents, serveIpc, type IpcMainLike } from '../../main/api/ipc-server'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { startWebHarness, type WebHarness } from '../../main/web/server'
import { webSocketTransport } from '../../renderer/src/ws-transport'
import { FixtureRepo } from '../ground/git-fixture'
import { runKubectl } from '../support/kubectl'

// Every method of shared/api.ts, through both transports, against the engine on the test ground
// with the real keychain. Every response and event is kept and scanned for the secrets we stored.
const kubeconfig = inject('kubeconfig')
const bin = inject('groundBinaries')
const repo = FixtureRepo.create(['guestbook'])
const previousKubeconfig = process.env.KUBECONFIG
process.env.KUBECONFIG = kubeconfig
const repoPassword = `repo-password-${randomBytes(8).toString('hex')}`
const clusterToken = `cluster-token-${randomBytes(8).toString('hex')}`
const pluginSecret = `plugin-secret-${randomBytes(8).toString('hex')}`
const notificationSecret = `webhook-token-${randomBytes(8).toString('hex')}`
const ourUrl = 'file:///opt/gitops-desk/renderer/index.html'

const desk = openDesk({ dataDir: mkdtempSync(join(tmpdir(), 'gitops-desk-api-')), secrets: new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`), syncPollMs: 250, controller: { watchDebounceMs: 200 }, start: false })
desk.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize, activeContext: 'ground-1' }))
const handlers = createApiHandlers(desk)
const seen: string[] = []
const events: DeskEvent[] = []

/** An in-process stand-in for ipcMain/ipcRenderer: arguments and results are structured-cloned as Electron does. */
function ipcPair(frameUrl: string): { api: GitopsApi; stop(): void } {
  const channels = new Map<string, Parameters<IpcMainLike['handle']>[1]>()
  const ipcMain: IpcMainLike = { handle: (channel, listener) => void channels.set(channel, listener), removeHandler: (channel) => void channels.delete(channel) }
  const stop = serveIpc(ipcMain, handlers, (url) => url === ourUrl)
  const listeners = new Set<(events: DeskEvent[]) => void>()
  const stopEvents = forwardEvents((listener) => desk.subscribe(listener), {
    isDestroyed: () => false,
    send: (channel, batch) => channel === eventsChannel && listeners.forEach((l) => l(structuredClone(batch))),
  })
  const invoke = async (name: string, args: unknown[]) => {
    const handler = channels.get(channelOf(name))
    if (!handler) throw new Error(`No handler registered for '${channelOf(name)}'`)
    return structuredClone(await handler({ senderFrame: { url: frameUrl, parent: null } }, ...structuredClone(args))) as Envelope<unknown>
  }
  const api: GitopsApi = { ...createClient(apiContract, invoke), onEvents: (l) => (listeners.add(l), () => listeners.delete(l)) }
  return { api, stop: () => (stop(), stopEvents()) }
}

/** Wraps a client so every result and rejection is kept for the secret scan, and counts the methods used. */
function recorded(api: GitopsApi, used: Set<string>): GitopsApi {
  const wrapped: Record<string, unknown> = { onEvents: api.onEvents }
  for (const name of Object.keys(apiContract)) {
    wrapped[name] = async (...args: unknown[]) => {
      used.add(name)
      try {
        const value = await (api[name as keyof typeof apiContract] as (...a: unknown[]) => Promise<unknown>)(...args)
        seen.push(JSON.stringify(value))
        return value
      } catch (error) {
        seen.push(JSON.stringify(error))
        throw error
      }
    }
  }
  return wrapped as unknown as GitopsApi
}

const argoClusterSecret = (name: string) =>
  YAML.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'staging' } },
    stringData: { name, server: 'https://127.0.0.1:1', config: JSON.stringify({ bearerToken: clusterToken, tlsClientConfig: { insecure: true } }) },
  })

/** One pass over the whole contract, as the UI would use it. */
/** The body of a GET to 127.0.0.1:port (a port-forward). */
function httpText(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path }, (res) => {
      let body = ''
      res.on('data', (c) => (body += String(c)))
      res.on('end', () => resolve(body))
    }).on('error', reject)
  })
}

async function exercise(api: GitopsApi, prefix: string): Promise<void> {
  expect((await api.version()).node).toBe(process.versions.node)
  expect((await api.ping('hi')).pong).toBe('hi')
  const appName = `${prefix}-gb`
  const appYaml = YAML.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: appName },
    spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: appName }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } },
  })
  expect(await api.saveAppYaml(appYaml)).toEqual({ apps: [appName], projects: [] })
  expect(await api.saveAppForm({ name: `${prefix}-form`, repoURL: repo.url, path: 'guestbook', destinationName: 'ground-1', namespace: `${prefix}-form`, createNamespace: true })).toEqual({ apps: [`${prefix}-form`] })
  // Turning auto-sync off (it is off) changes only the stored policy; nothing can sync.
  expect((await api.setSyncPolicy(`${prefix}-form`, { automated: false, prune: false, selfHeal: false })).summary.syncPolicy).toEqual({ automated: false, prune: false, selfHeal: false })
  expect((await api.listApps()).map((a) => a.name)).toEqual(expect.arrayContaining([appName, `${prefix}-form`]))
  const refreshed = await api.refreshApp(appName)
  expect(refreshed).toMatchObject({ sync: 'OutOfSync', health: 'Missing', context: 'ground-1' })
  expect(await api.refreshApp(appName, { hard: true })).toMatchObject({ sync: 'OutOfSync' })
  const details = await api.getApp(appName)
  expect(details.yaml).toContain(repo.url)
  expect(details.status?.resources.map((r) => r.key).sort()).toEqual([`/Service/${appName}/guestbook-ui`, `apps/Deployment/${appName}/guestbook-ui`])
  const diff = await api.diffApp(appName)
  expect(diff.resources.map((r) => r.status)).toEqual(['Missing', 'Missing'])
  expect((await api.diffApp(appName, { mode: 'client-side' })).resources).toHaveLength(2)
  const one = await api.diffResource(appName, `apps/Deployment/${appName}/guestbook-ui`)
  expect(one.targetYaml).toContain('kind: Deployment')
  // A working copy (a checkout of the app's repository): its diff, a sync without its consent refused, a dry run, released.
  const checkout = `${repo.dir}-${prefix}-checkout`
  execFileSync('git', ['clone', '--quiet', repo.url, checkout])
  try {
    expect(await api.pickFolder('A checkout')).toEqual({ path: null, available: false })
    const copy = await api.useWorkingCopy(appName, checkout)
    expect(copy).toMatchObject({ app: appName, error: null, files: [], diff: { status: 'OutOfSync' } })
    expect(copy.revision).toMatch(/^local:[0-9a-f]{12}$/)
    expect((await api.workingCopy(appName))?.revision).toBe(copy.revision)
    await expect(api.syncWorkingCopy(appName)).rejects.toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/deploy uncommitted changes/) })
    expect(await api.syncWorkingCopy(appName, { dryRun: true })).toMatchObject({ phase: 'Running', dryRun: true })
    expect((await ended(api, appName)).phase).toBe('Succeeded')
    expect(await api.releaseWorkingCopy(appName)).toEqual({ released: true })
    expect(await api.workingCopy(appName)).toBeNull()
  } finally {
    rmSync(checkout, { recursive: true, force: true })
  }
  // A sync returns at once with the running operation; its end arrives as events and through getOperation.
  const dryRun = await api.syncApp(appName, { dryRun: true })
  expect(dryRun).toMatchObject({ app: appName, phase: 'Running', dryRun: true, kind: 'sync', initiator: 'user' })
  expect((await ended(api, appName)).phase).toBe('Succeeded')
  const started = await api.syncApp(appName, { prune: true })
  expect(started.id).not.toBe(dryRun.id)
  const synced = await ended(api, appName)
  expect(synced.phase, synced.message).toBe('Succeeded')
  expect(synced.id).toBe(started.id)
  expect(await api.terminateOperation(appName)).toEqual({ terminated: false })
  await expect
    .poll(async () => (await api.resourceTree(appName)).map((n) => `${n.kind}${n.parent ? `<${n.parent.split('/')[1]}` : ''}`).sort(), { timeout: 30_000, interval: 500 })
    .toEqual(['Deployment', 'EndpointSlice<Service', 'Pod<ReplicaSet', 'ReplicaSet<Deployment', 'Service'])
  const history = await api.appHistory(appName)
  expect(history.map((h) => h.id)).toEqual([1])
  expect(await api.rollbackApp(appName, 1)).toMatchObject({ kind: 'rollback', rollbackTo: 1, phase: 'Running' })
  expect((await ended(api, appName)).phase).toBe('Succeeded')
  const after = await api.diffApp(appName)
  expect(after.status, after.resources.map((r) => r.unifiedDiff + JSON.stringify(r.error ?? '')).join('\n')).toBe('Synced')
  // Resource actions, Argo CD's for a Deployment: restart and scale (resume only once paused; pause
  // only where spec.paused is set, which guestbook's is not).
  const deploymentKey = `apps/Deployment/${appName}/guestbook-ui`
  expect((await api.resourceActions(appName, deploymentKey)).map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`)).toEqual(['restart', 'resume (disabled)', 'scale'])
  expect(await api.runResourceAction(appName, deploymentKey, 'restart', { dryRun: true })).toMatchObject({ message: expect.stringMatching(/^dry run: restart/) })
  await expect(api.runResourceAction(appName, deploymentKey, 'resume')).rejects.toMatchObject({ code: 'Conflict' })
  // The kinds Argo CD ships checks and actions for (Settings lists them): Deployment's actions among them.
  const bundled = await api.bundledCustomizations()
  expect(bundled.version).toMatch(/^v3\.2\.\d+$/)
  expect(bundled.kinds.find((k) => k.key === 'apps/Deployment')).toEqual({ key: 'apps/Deployment', health: false, actions: ['pause', 'restart', 'resume', 'scale'] })
  expect(bundled.kinds.find((k) => k.key === 'kafka.strimzi.io/Kafka')).toMatchObject({ health: true })
  // The resource panel's reads: details, Kubernetes events, a log stream (lines arrive as events), its stop.
  expect(await api.resourceDetails(appName, deploymentKey)).toMatchObject({ kind: 'Deployment', managed: true, pods: [{ containers: ['guestbook-ui'] }] })
  expect((await api.resourceEvents(appName, deploymentKey)).map((e) => e.reason)).toContain('ScalingReplicaSet')
  const logs = await api.streamLogs(appName, deploymentKey, { tailLines: 5 })
  expect(logs.pods).toHaveLength(1)
  expect(await api.stopLogs(logs.stream)).toEqual({ stopped: true })
  await expect(api.streamLogs(appName, `/Service/${appName}/guestbook-ui`)).rejects.toMatchObject({ code: 'Invalid' })
  // Reaching into a pod: a shell (its output as events) with input, resize and close; a port-forward, listed and stopped.
  const podKey = (await api.resourceTree(appName)).find((n) => n.kind === 'Pod')!.key
  const shellOutput: string[] = []
  const stopListening = api.onEvents((batch) => batch.forEach((e) => e.type === 'shell-output' && shellOutput.push(e.data)))
  const shell = await api.openShell(appName, podKey, { command: ['sh', '-c', 'read line; echo "got $line"'], tty: false })
  expect(shell).toMatchObject({ context: 'ground-1', namespace: appName, container: 'guestbook-ui' })
  expect(await api.shellInput(shell.session, 'hello\n')).toEqual({ written: true })
  await expect.poll(() => shellOutput.join(''), { timeout: 30_000 }).toContain('got hello')
  const terminal = await api.openShell(appName, podKey, { cols: 80, rows: 24 })
  expect(await api.resizeShell(terminal.session, 100, 30)).toEqual({ resized: true })
  expect(await api.closeShell(terminal.session)).toEqual({ closed: true })
  stopListening()
  const forward = await api.startPortForward(appName, podKey, { remotePort: 80 })
  expect(await httpText(forward.localPort, '/through-the-api')).toBe('ground-1 pod answers GET /through-the-api\n')
  expect((await api.listPortForwards()).map((f) => f.id)).toContain(forward.id)
  expect(await api.stopPortForward(forward.id)).toEqual({ stopped: true })
  // Side by side: the app rendered from Git against its own live objects (just synced: the same); the live editor's read and dry run (nothing written).
  const sides = await api.compareApps({ app: appName }, { app: appName, live: true })
  expect(sides.resources.map((r) => r.key).sort()).toEqual([`/Service/${appName}/guestbook-ui`, deploymentKey])
  expect(sides.status, sides.resources.map((r) => r.unifiedDiff).join('\n')).toBe('Synced')
  const editable = await api.editableResource(appName, deploymentKey)
  expect(editable.context).toBe('ground-1')
  expect(editable.yaml).toMatch(/replicas: 1\n/)
  const preview = await api.editResource(appName, deploymentKey, editable.yaml.replace(/replicas: 1\n/, 'replicas: 2\n'), { dryRun: true })
  expect(preview).toMatchObject({ dryRun: true, context: 'ground-1' })
  expect(preview.diff.unifiedDiff).toMatch(/-\s*replicas: 1[\s\S]*\+\s*replicas: 2/)
  expect((await api.editableResource(appName, deploymentKey)).yaml).toMatch(/replicas: 1\n/)
  // Deleting one resource (the sync below brings it back).
  expect(await api.deleteResource(appName, `/Service/${appName}/guestbook-ui`, { propagation: 'background' })).toEqual({ message: `deleted /Service/${appName}/guestbook-ui from ground-1 (background)` })
  await expect(api.deleteResource(appName, `/Service/${appName}/nope`)).rejects.toMatchObject({ code: 'NotFound' })

  const clusters = await api.listClusters()
  expect(clusters.find((c) => c.name === 'ground-1')).toMatchObject({ reachable: true, active: true, imported: false })
  expect(await api.useCluster('ground-1')).toEqual({ active: 'ground-1' })
  expect((await api.protectCluster('ground-2', true)).protected).toContain('ground-2')
  expect((await api.protectCluster('ground-2', false)).protected).not.toContain('ground-2')
  // A protected context: its own name, typed, is the consent; another name is refused; nothing starts.
  await api.protectCluster('ground-1', true)
  await expect(api.syncApp(appName)).rejects.toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/ground-1 is a protected context/) })
  await expect(api.syncApp(appName, { consent: { context: 'ground-2' } })).rejects.toMatchObject({ code: 'Forbidden', message: expect.stringMatching(/does not match the destination context ground-1/) })
  await expect(api.rollbackApp(appName, 1)).rejects.toMatchObject({ code: 'Forbidden' })
  expect((await api.getOperation(appName))?.kind).toBe('rollback') // still the last one
  expect(await api.syncApp(appName, { consent: { context: 'ground-1' } })).toMatchObject({ phase: 'Running', context: 'ground-1' })
  expect((await ended(api, appName)).phase).toBe('Succeeded')
  await api.protectCluster('ground-1', false)
  const imported = `${prefix}-imported`
  expect(await api.importCluster({ kind: 'argo-secret', text: argoClusterSecret(imported) })).toEqual({ imported: [imported] })
  // The Secret's labels come along, for ApplicationSet selectors (Argo CD's secret-type label does not).
  expect((await api.listClusters()).find((c) => c.name === imported)).toMatchObject({ imported: true, reachable: false, labels: { env: 'staging' } })
  const kubeconfigImport = `${prefix}-kc`
  expect(await api.importCluster({ kind: 'kubeconfig', text: readFileSync(kubeconfig, 'utf8'), context: 'ground-2', name: kubeconfigImport })).toEqual({ imported: [kubeconfigImport] })
  expect((await api.listClusters()).find((c) => c.name === kubeconfigImport)).toMatchObject({ imported: true, reachable: true })
  expect(await api.removeCluster(imported)).toEqual({ removed: true })
  expect(await api.removeCluster(kubeconfigImport)).toEqual({ removed: true })

  const repoUrl = `https://git.invalid/${prefix}/apps.git`
  expect(await api.saveRepo({ url: repoUrl, username: 'bob', password: repoPassword })).toMatchObject({ url: repoUrl, hasPassword: true, hasSshKey: false })
  expect(await api.saveRepo({ url: repoUrl, username: 'robert' })).toMatchObject({ username: 'robert', hasPassword: true }) // kept
  expect((await desk.engine.credentials.lookup(repoUrl))?.password).toBe(repoPassword)
  expect((await api.listRepos()).find((r) => r.url === repoUrl)).toMatchObject({ hasPassword: true })
  const test = await api.testRepo(repoUrl)
  expect(test.ok).toBe(false)
  expect(test.message).toMatch(/git\.invalid/)
  expect(await api.saveRepo({ url: repoUrl, password: null })).toMatchObject({ hasPassword: false })
  expect(await api.removeRepo(repoUrl)).toEqual({ removed: true })
  expect(await api.testRepo(repo.url)).toMatchObject({ ok: true, commit: repo.head() })
  const charts = inject('chartRepo')
  expect(await api.saveRepo({ url: charts.url, type: 'helm', username: charts.username, password: charts.password, caData: readFileSync(charts.caFile, 'utf8') })).toMatchObject({ type: 'helm', hasPassword: true, hasCa: true })
  expect((await api.helmCharts(charts.url)).find((c) => c.name === 'hello')?.versions).toEqual(expect.arrayContaining(['1.1.0', '1.0.0']))
  expect(await api.testRepo(charts.url)).toMatchObject({ ok: true, message: expect.stringMatching(/its index lists \d+ charts/) })
  expect(await api.removeRepo(charts.url)).toEqual({ removed: true })

  const project = YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: `${prefix}-proj` }, spec: { description: 'team', sourceRepos: ['*'], destinations: [{ name: '*', namespace: '*' }] } })
  expect(await api.saveAppYaml(project)).toEqual({ apps: [], projects: [`${prefix}-proj`] })
  expect((await api.listProjects()).find((p) => p.name === `${prefix}-proj`)).toMatchObject({ description: 'team', destinations: ['*/*'] })
  expect(await api.getProject(`${prefix}-proj`)).toEqual({ yaml: expect.stringMatching(/description: team/), apps: [] })
  expect(await api.projectWindows(`${prefix}-proj`, { hours: 168 })).toMatchObject({ windows: [] })
  expect(await api.appSyncWindows(appName)).toEqual({ project: 'default', matching: 0, manual: null, automated: null })
  expect(await api.deleteProject(`${prefix}-proj`)).toEqual({ deleted: true })
  expect((await api.getSettings()).reconcileIntervalSeconds).toBeGreaterThanOrEqual(10)
  expect(await api.updateSettings({ reconcileIntervalSeconds: 300, mutedApps: [appName] })).toMatchObject({ reconcileIntervalSeconds: 300, mutedApps: [appName] })
  expect(await api.deleteApp(`${prefix}-form`)).toMatchObject({ app: `${prefix}-form`, cascade: 'none', deleted: [], kept: [] })
  // No deletion under way: nothing to retry or cancel (trust-operations.test.ts has the real ones).
  expect((await api.getApp(appName)).deletion).toBeNull()
  await expect(api.retryDeletion(appName)).rejects.toMatchObject({ code: 'NotFound', message: expect.stringMatching(/is not being deleted/) })
  expect(await api.cancelDeletion(appName)).toEqual({ cancelled: false })
  // Argo CD's customizations: an argocd-cm applied, one shown as YAML to edit, then removed.
  const cm = YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: { 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers: [/spec/replicas]', 'resource.customizations.knownTypeFields.apps_Deployment': '[]' } })
  expect(await api.importArgoSettings(cm)).toMatchObject({ read: ['ignore rule   apps/Deployment'], skipped: [{ key: expect.stringMatching(/knownTypeFields/) }] })
  expect((await api.customizationYaml('ignoreDifferences', 'apps/Deployment')).yaml).toMatch(/resource.customizations.ignoreDifferences.apps_Deployment: \|\n\s+jsonPointers:/)
  expect((await api.removeCustomization('ignoreDifferences', 'apps/Deployment')).customizations.ignoreDifferences).toEqual({})
  await expect(api.customizationYaml('health', 'example.com/Nope')).rejects.toMatchObject({ code: 'NotFound' })
  // Argo CD's notifications: the catalog in force, a config with a secret imported (its value never
  // comes back), a bad one refused, a running Argo CD without one, back to the catalog.
  expect((await api.notifications()).triggers.find((t) => t.name === 'on-sync-failed')).toMatchObject({ desktop: true, templates: ['app-sync-failed'] })
  const notifyCm = YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-notifications-cm' }, data: { 'service.webhook.hook': 'url: http://127.0.0.1:9/x\nheaders:\n- name: X-Token\n  value: $token\n', 'template.t': 'message: hi {{.app.metadata.name}}', 'trigger.on-x': "- when: app.status.sync.status == 'Synced'\n  send: [t]", defaultTriggers: '[on-x]' } })
  const notifySecret = YAML.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'argocd-notifications-secret' }, stringData: { token: notificationSecret } })
  expect(await api.importNotifications(notifyCm, notifySecret)).toMatchObject({ custom: true, services: [{ name: 'hook', type: 'webhook', secrets: ['token'] }], secretKeys: ['token'], defaultTriggers: ['on-x'], triggers: [{ name: 'on-x', desktop: true }] })
  await expect(api.importNotifications(notifyCm.replace('template.t', 'templat.t'))).rejects.toMatchObject({ code: 'Invalid', message: expect.stringMatching(/unknown key 'templat.t'/) })
  await expect(api.importNotificationsFrom('ground-1', 'argocd')).rejects.toMatchObject({ code: 'NotFound', message: expect.stringMatching(/argocd-notifications-cm/) })
  expect((await api.retryNotification('1')).failures).toEqual([])
  expect((await api.dismissNotification('1')).failures).toEqual([])
  expect(await api.resetNotifications()).toMatchObject({ custom: false, secretKeys: [] })
  // Config management plugins: added, a secret stored (write-only), listed, removed.
  const cmp = YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ConfigManagementPlugin', metadata: { name: `${prefix}-cmp` }, spec: { generate: { command: ['true'] }, discover: { fileName: '*.cmp' }, parameters: { static: [{ name: 'size', string: 'small' }], dynamic: { command: ['sh', '-c', 'echo \'[{"name": "region", "collectionType": "string", "string": "eu"}]\''] } } } })
  expect(await api.addPlugins(cmp)).toEqual({ added: [`${prefix}-cmp`] })
  const plugApp = YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `${prefix}-plug` }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook', plugin: { name: `${prefix}-cmp` } }, destination: { name: 'ground-1', namespace: `${prefix}-plug` } } })
  await api.saveAppYaml(plugApp)
  expect(await api.pluginParameters(`${prefix}-plug`)).toEqual({ plugin: `${prefix}-cmp`, parameters: [{ name: 'size', string: 'small' }, { name: 'region', collectionType: 'string', string: 'eu' }] })
  await expect(api.removePlugin(`${prefix}-cmp`)).rejects.toMatchObject({ code: 'Conflict' })
  await api.deleteApp(`${prefix}-plug`)
  expect(await api.setPluginSecret(`${prefix}-cmp`, 'API_TOKEN', pluginSecret)).toEqual({ stored: true })
  expect((await api.listPlugins()).find((p) => p.name === `${prefix}-cmp`)).toEqual({ name: `${prefix}-cmp`, discover: 'fileName *.cmp', parameters: ['size'], secrets: ['API_TOKEN'], apps: [] })
  expect(await api.removePluginSecret(`${prefix}-cmp`, 'API_TOKEN')).toEqual({ removed: true })
  expect(await api.removePlugin(`${prefix}-cmp`)).toEqual({ removed: true })
  // Argo CD instances as backends: an Application made in the ground's Argo CD, listed with Argo
  // CD's status, refreshed, synced by Argo CD's controller, looked into, copied locally, deleted.
  const argoName = `${prefix}-argo`
  const argoId = `argocd@ground-1/${argoName}`
  runKubectl('ground-1', ['apply', '-f', '-'], JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: argoName, namespace: 'argocd', annotations: { 'argocd.argoproj.io/refresh': 'hard' } }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: argoName }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }))
  expect(await api.listArgoInstances()).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'argocd@ground-1', problem: null })]))
  expect((await api.listArgoInstances({ again: true })).some((i) => i.id === 'argocd@ground-1')).toBe(true)
  await expect.poll(async () => (await api.listArgoApps()).find((a) => a.name === argoId)?.status?.sync, { timeout: 120_000, interval: 500 }).toBe('OutOfSync')
  expect((await api.getArgoApp(argoId)).instance).toBe('argocd@ground-1')
  expect((await api.refreshArgoApp(argoId, { hard: true })).name).toBe(argoName)
  await expect(api.terminateArgoOperation(argoId)).rejects.toMatchObject({ code: 'Invalid', message: expect.stringMatching(/No operation is in progress/) })
  await expect(api.rollbackArgoApp(argoId, 7)).rejects.toMatchObject({ code: 'NotFound' })
  await api.syncArgoApp(argoId, {})
  await expect.poll(async () => (await api.getArgoApp(argoId)).operationState?.phase, { timeout: 120_000, interval: 500 }).toBe('Succeeded')
  await expect.poll(async () => (await api.argoAppTree(argoId)).map((n) => n.kind), { timeout: 60_000, interval: 500 }).toEqual(expect.arrayContaining(['Deployment', 'Service']))
  expect(await api.diffArgoApp(argoId)).toMatchObject({ available: true })
  expect(await api.manageArgoAppLocally(argoId)).toMatchObject({ app: argoName, replaces: false })
  expect((await api.manageArgoAppLocally(argoId, { apply: true })).app).toBe(argoName)
  // Its resources through the resource panel's methods, keyed by its id: read, and Argo CD's actions.
  const argoDeployment = `apps/Deployment/${argoName}/guestbook-ui`
  expect(await api.resourceDetails(argoId, argoDeployment)).toMatchObject({ context: 'ground-1', managed: true, kind: 'Deployment' })
  expect((await api.resourceActions(argoId, argoDeployment)).map((a) => a.name)).toEqual(expect.arrayContaining(['restart', 'scale']))
  expect((await api.diffResource(argoId, argoDeployment)).key).toBe(argoDeployment)
  await expectRefusal(api.deleteResource(argoId, argoDeployment), 'Invalid', /is an Argo CD app: deleting one of its resources is not offered here/)
  // Export to Argo CD: the preview writes nothing and names Argo CD's app of that name as replaced; then written.
  const exported = await api.exportAppToArgo(argoName, 'argocd@ground-1')
  expect(exported).toMatchObject({ instance: 'argocd@ground-1', namespace: 'argocd', replaces: true, applied: false, apps: [{ name: argoName }] })
  expect(exported.yaml).toMatch(/kind: Application\n/)
  expect((await api.exportAppToArgo(argoName, 'argocd@ground-1', { apply: true })).applied).toBe(true)
  await api.deleteApp(argoName)
  expect(await api.deleteArgoApp(argoId, { cascade: 'foreground', consent: { resources: true } })).toEqual({ cascade: 'foreground' })
  // ApplicationSets: a label, a preview that changes nothing, then apply, list, get, delete.
  expect(await api.labelCluster('ground-2', { [`${prefix}-label`]: 'yes' }, [])).toMatchObject({ [`${prefix}-label`]: 'yes' })
  const set = YAML.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: `${prefix}-set` }, spec: { generators: [{ clusters: { selector: { matchLabels: { [`${prefix}-label`]: 'yes' } } } }], template: { metadata: { name: `${prefix}-{{name}}` }, spec: { project: 'default', source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: '{{name}}', namespace: `${prefix}-set` } } } } })
  expect((await api.previewAppSet(set)).map((p) => p.create)).toEqual([[`${prefix}-ground-2`]])
  expect((await api.listAppSets()).some((s) => s.name === `${prefix}-set`)).toBe(false)
  expect(await api.saveAppSet(set)).toMatchObject([{ appset: `${prefix}-set`, create: [`${prefix}-ground-2`], deleted: [], held: [] }])
  expect((await api.listAppSets()).find((s) => s.name === `${prefix}-set`)).toMatchObject({ generators: ['clusters'], policy: 'sync', apps: [`${prefix}-ground-2`] })
  expect((await api.getAppSet(`${prefix}-set`)).yaml).toMatch(/kind: ApplicationSet/)
  expect((await api.getApp(`${prefix}-ground-2`)).summary.appset).toBe(`${prefix}-set`)
  expect(await api.deleteAppSet(`${prefix}-set`)).toEqual({ deleted: [`${prefix}-ground-2`], kept: [] })
  expect(await api.labelCluster('ground-2', {}, [`${prefix}-label`])).not.toHaveProperty(`${prefix}-label`)
}

async function expectRefusal(call: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await expect(call).rejects.toMatchObject({ name: 'ApiError', code, message: expect.stringMatching(message) })
}

describe('the app API, both transports, on the test ground', () => {
  let harness: WebHarness
  let ws: { invoke: Parameters<typeof createClient>[1]; onEvents: GitopsApi['onEvents'] }
  const rendererDir = mkdtempSync(join(tmpdir(), 'gitops-desk-renderer-'))
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>GitOps Desk</title>')
  const OriginalWebSocket = globalThis.WebSocket

  beforeAll(async () => {
    harness = await startWebHarness({ handlers, rendererDir, subscribe: (l) => desk.subscribe(l) })
    // The renderer's own transport, over the ws package with the page's Origin.
    const origin = `http://127.0.0.1:${harness.port}`
    ;(globalThis as { WebSocket: unknown }).WebSocket = class extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { Origin: origin } })
      }
    }
    ws = webSocketTransport(`ws://127.0.0.1:${harness.port}/api?token=${harness.token}`)
  })
  afterAll(async () => {
    ;(globalThis as { WebSocket: unknown }).WebSocket = OriginalWebSocket
    await harness?.close()
    await desk.close()
    process.env.KUBECONFIG = previousKubeconfig
    repo.remove()
  })

  // Every method, Argo CD's instances included (their controller syncs for real): a few minutes on a busy machine.
  it('serves every method over the in-process IPC pair', { timeout: 300_000 }, async () => {
    const used = new Set<string>()
    const ipc = ipcPair(ourUrl)
    const stop = ipc.api.onEvents((batch) => events.push(...batch))
    try {
      await exercise(recorded(ipc.api, used), 'api-ipc')
      await expect.poll(() => events.some((e) => e.type === 'operation' && e.app === 'api-ipc-gb' && e.operation.phase === 'Succeeded')).toBe(true)
    } finally {
      stop()
      ipc.stop()
    }
    expect([...used].sort()).toEqual(Object.keys(apiContract).sort())
  })

  it('serves every method over the WebSocket, with events pushed to the page', { timeout: 300_000 }, async () => {
    const used = new Set<string>()
    const api: GitopsApi = { ...createClient(apiContract, ws.invoke), onEvents: ws.onEvents }
    const received: DeskEvent[] = []
    const stop = api.onEvents((batch) => received.push(...batch))
    try {
      await exercise(recorded(api, used), 'api-ws')
      await expect.poll(() => received.some((e) => e.type === 'operation' && e.app === 'api-ws-gb' && e.operation.phase === 'Succeeded')).toBe(true)
      await expect.poll(() => received.some((e) => e.type === 'app-status' && e.app === 'api-ws-gb')).toBe(true)
    } finally {
      stop()
    }
    events.push(...received)
    expect([...used].sort()).toEqual(Object.keys(apiContract).sort())
  })

  it('refuses a malformed argument, an unknown method and a foreign frame, and changes nothing', async () => {
    const before = JSON.stringify(desk.engine.store.read())
    const api: GitopsApi = { ...createClient(apiContract, ws.invoke), onEvents: ws.onEvents }
    const ipc = ipcPair(ourUrl)
    const foreign = ipcPair('https://evil.example/')
    try {
      for (const client of [api, ipc.api]) {
        await expectRefusal((client.saveAppForm as (f: unknown) => Promise<unknown>)({ name: 'Bad Name!', repoURL: '' }), 'BadRequest', /Invalid argument 0\.name of saveAppForm/)
        await expectRefusal((client.updateSettings as (p: unknown) => Promise<unknown>)({ reconcileIntervalSeconds: 1 }), 'BadRequest', /reconcileIntervalSeconds/)
        await expectRefusal((client.updateSettings as (p: unknown) => Promise<unknown>)({ password: 'x' }), 'BadRequest', /updateSettings/)
        await expectRefusal(client.saveAppYaml('kind: Application\napiVersion: argoproj.io/v1alpha1\nmetadata: {name: x}\nspec: {}\n'), 'Invalid', /YAML:\d+/)
        await expectRefusal(client.getApp('no-such-app'), 'NotFound', /no app named "no-such-app"/)
      }
      const unknown = await ws.invoke('dropDatabase', [])
      expect(unknown).toMatchObject({ ok: false, error: { code: 'UnknownMethod' } })
      await expectRefusal(foreign.api.deleteApp('api-ws-gb'), 'Forbidden', /not GitOps Desk/)
    } finally {
      ipc.stop()
      foreign.stop()
    }
    expect(JSON.stringify(desk.engine.store.read())).toBe(before)
  })

  it('never sends the renderer a secret: no response, rejection or event holds the stored password or token', async () => {
    desk.engine.events.flush()
    const everything = [...seen, ...events.map((e) => JSON.stringify(e))].join('\n')
    expect(seen.length).toBeGreaterThan(60)
    expect(everything).not.toContain(repoPassword)
    expect(everything).not.toContain(clusterToken)
    expect(everything).not.toContain(pluginSecret)
    expect(everything).not.toContain(notificationSecret)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(notificationSecret)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(pluginSecret)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(repoPassword)
    expect(readFileSync(desk.engine.store.path, 'utf8')).not.toContain(clusterToken)
  })
})

/** The app's operation once it has ended (syncApp and rollbackApp return while it runs). */
async function ended(api: GitopsApi, app: string) {
  await expect.poll(async () => (await api.getOperation(app))?.phase, { timeout: 120_000, interval: 250 }).toMatch(/^(Succeeded|Failed|Error)$/)
  return (await api.getOperation(app))!
}
