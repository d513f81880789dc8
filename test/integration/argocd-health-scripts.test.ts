import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import type { AppStatus, ResourceStatus } from '../../shared/model'
import type { HealthStatus } from '../../shared/statuses'
import { BundledScripts } from '../../main/engine/customizations/bundled-scripts'
import { ArgoSide } from '../conformance/sides'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// Health from Argo CD's own scripts (its v3.2.11 resource_customizations, bundled) on the ground:
// an Argo Rollout and a Strimzi Kafka, each from a CRD with a status subresource, their status
// set as their controllers would write it. The user sees the verdict of Argo CD's script on the
// resource, in the app's health and in the resource panel's health source; the ground's Argo CD,
// given the same objects, says the same.
const kubectl = kubectlOn('ground-1').run
const { desk } = openGroundDesk('argocd-scripts')
const argo = new ArgoSide(inject('groundBinaries').kubectl, inject('kubeconfig'), inject('argocdNamespace'))
const repo = FixtureRepo.create([])
const version = new BundledScripts().version
afterAll(() => {
  for (const app of ['argo-scripts-rollout', 'argo-scripts-kafka']) argo.delete(app)
  repo.remove()
})

const crdOf = (group: string, version: string, kind: string, plural: string) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` }, spec: { group, scope: 'Namespaced', names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` }, versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } })
function installCrd(crd: ReturnType<typeof crdOf>): void {
  // Other files apply the same minimal CRD (operator-health.test.ts); the same content either way.
  kubectl(['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify(crd))
  kubectl(['wait', '--for=condition=Established', `crd/${crd.metadata.name}`, '--timeout=60s'])
}

/** Commits the objects under `path` and registers an app for them on GitOps Desk (namespace = app). */
function appOf(name: string, path: string, objects: object[]): void {
  mkdirSync(join(repo.dir, path), { recursive: true })
  writeFileSync(join(repo.dir, path, 'all.yaml'), objects.map((o) => JSON.stringify(o)).join('\n---\n'))
  repo.commit(`${path}: objects judged by Argo CD's scripts`)
  desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name }, spec: { source: { repoURL: repo.url, path }, destination: { name: 'ground-1', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), `${name}.yaml`)
}

/** Waits until the object exists, then writes its status as its controller would. */
async function setStatus(namespace: string, resource: string, status: Record<string, unknown>): Promise<void> {
  await expect.poll(() => kubectl(['-n', namespace, 'get', resource, '--ignore-not-found', '-o', 'name']).trim(), { timeout: 60_000 }).not.toBe('')
  kubectl(['-n', namespace, 'patch', resource, '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status })])
}

/** The app's resource as GitOps Desk shows it, once `done` holds (status changes arrive by watch). */
async function resourceOnDesk(app: string, key: string, done: (health: HealthStatus | null | undefined) => boolean): Promise<{ app: AppStatus | null | undefined; resource: ResourceStatus | undefined }> {
  let found: { app: AppStatus | null | undefined; resource: ResourceStatus | undefined } = { app: undefined, resource: undefined }
  await expect.poll(async () => {
    const status = await desk.refresh(app)
    found = { app: status, resource: status?.resources.find((r) => r.key === key) }
    return done(found.resource?.health)
  }, { timeout: 30_000, interval: 500 }).toBe(true)
  return found
}

interface ArgoApp {
  status?: { health?: { status?: string }; resources?: { kind: string; name: string; health?: { status?: string; message?: string } }[] }
}
/** The same objects as an Application on the ground's Argo CD: its app health and the resource's "STATUS message". */
function argoApp(name: string, path: string): void {
  argo.apply(name, { project: 'default', source: { repoURL: repo.url, path }, destination: { server: 'https://kubernetes.default.svc', namespace: name }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } })
  argo.sync(name, { syncOptions: ['CreateNamespace=true'] })
}
async function argoHealth(name: string, kind: string, expected: { app: string; resource: string }): Promise<{ app: string; resource: string }> {
  let seen = { app: '', resource: '' }
  await expect.poll(() => {
    argo.refresh(name)
    const app = JSON.parse(argo.kubectl(['-n', argo.namespace, 'get', 'application', name, '-o', 'json'])) as ArgoApp
    const health = app.status?.resources?.find((r) => r.kind === kind)?.health
    seen = { app: app.status?.health?.status ?? '', resource: `${health?.status ?? '-'} ${health?.message ?? ''}`.trim() }
    return seen.app === expected.app && seen.resource === expected.resource
  }, { timeout: 120_000, interval: 1000 }).toBe(true)
  return seen
}

describe("health from Argo CD's own scripts on the ground", () => {
  it('a Rollout paused at a canary step is Suspended; aborted, Degraded with the controller\'s message, as Argo CD says', { timeout: 300_000 }, async () => {
    installCrd(crdOf('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts'))
    const rollout = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web' }, spec: { replicas: 2, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } }
    appOf('scripts-rollout', 'rollout', [rollout])
    argoApp('argo-scripts-rollout', 'rollout')
    const key = 'argoproj.io/Rollout/scripts-rollout/web'
    await desk.sync('scripts-rollout', {})

    // What Argo Rollouts v1 writes when a canary reaches a pause step, and when it is aborted.
    const paused = (generation: number) => ({ observedGeneration: String(generation), phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-12-01T00:00:00Z' }], currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1, replicas: 2, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, conditions: [{ type: 'Paused', status: 'True', reason: 'RolloutPaused', message: 'Rollout is paused' }] })
    const aborted = { phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2', abort: true, controllerPause: null, pauseConditions: null, currentStepIndex: 0, conditions: [{ type: 'Progressing', status: 'False', reason: 'RolloutAborted', message: 'Rollout aborted update to revision 2' }] }
    const generationIn = async (namespace: string) => {
      await expect.poll(() => kubectl(['-n', namespace, 'get', 'rollout', 'web', '--ignore-not-found', '-o', 'name']).trim(), { timeout: 60_000 }).not.toBe('')
      return Number(kubectl(['-n', namespace, 'get', 'rollout', 'web', '-o', 'jsonpath={.metadata.generation}']))
    }

    await setStatus('scripts-rollout', 'rollout/web', paused(await generationIn('scripts-rollout')))
    expect((await desk.waitForOperation('scripts-rollout'))?.phase).toBe('Succeeded')
    const suspended = await resourceOnDesk('scripts-rollout', key, (h) => h === 'Suspended')
    expect(suspended.resource).toMatchObject({ health: 'Suspended', healthMessage: 'CanaryPauseStep' })
    expect(suspended.app).toMatchObject({ health: 'Suspended' })
    expect((await desk.resources.details('scripts-rollout', key)).healthSource).toEqual({ kind: 'argocd', label: `Argo CD ${version}'s health check for argoproj.io/Rollout` })

    await setStatus('argo-scripts-rollout', 'rollout/web', paused(await generationIn('argo-scripts-rollout')))
    expect(await argoHealth('argo-scripts-rollout', 'Rollout', { app: 'Suspended', resource: 'Suspended CanaryPauseStep' })).toEqual({ app: 'Suspended', resource: 'Suspended CanaryPauseStep' })

    await setStatus('scripts-rollout', 'rollout/web', aborted)
    const degraded = await resourceOnDesk('scripts-rollout', key, (h) => h === 'Degraded')
    expect(degraded.resource).toMatchObject({ health: 'Degraded', healthMessage: 'RolloutAborted: Rollout aborted update to revision 2' })
    expect(degraded.app).toMatchObject({ health: 'Degraded', healthMessage: 'RolloutAborted: Rollout aborted update to revision 2' })
    await setStatus('argo-scripts-rollout', 'rollout/web', aborted)
    const argoDegraded = { app: 'Degraded', resource: 'Degraded RolloutAborted: Rollout aborted update to revision 2' }
    expect(await argoHealth('argo-scripts-rollout', 'Rollout', argoDegraded)).toEqual(argoDegraded)
  })

  it('a Strimzi Kafka, a kind only Argo CD\'s scripts know, with a NotReady condition makes its app Degraded, as Argo CD says', { timeout: 300_000 }, async () => {
    installCrd(crdOf('kafka.strimzi.io', 'v1beta2', 'Kafka', 'kafkas'))
    const kafka = { apiVersion: 'kafka.strimzi.io/v1beta2', kind: 'Kafka', metadata: { name: 'events' }, spec: { kafka: { replicas: 3, listeners: [{ name: 'plain', port: 9092, type: 'internal', tls: false }], storage: { type: 'ephemeral' } }, zookeeper: { replicas: 3, storage: { type: 'ephemeral' } } } }
    appOf('scripts-kafka', 'kafka', [kafka])
    argoApp('argo-scripts-kafka', 'kafka')
    const key = 'kafka.strimzi.io/Kafka/scripts-kafka/events'
    await desk.sync('scripts-kafka', {})
    await desk.waitForOperation('scripts-kafka')

    // No status yet: Argo CD's script waits for the cluster.
    const waiting = await resourceOnDesk('scripts-kafka', key, (h) => !!h)
    expect(waiting.resource).toMatchObject({ health: 'Progressing', healthMessage: 'Waiting for Kafka Cluster' })
    expect((await desk.resources.details('scripts-kafka', key)).healthSource).toEqual({ kind: 'argocd', label: `Argo CD ${version}'s health check for kafka.strimzi.io/Kafka` })

    // What Strimzi's cluster operator writes when the brokers do not come up in time.
    const message = 'Exceeded timeout of 300000ms while waiting for Pods resource events-kafka-0 in namespace scripts-kafka to be ready'
    const notReady = (ns: string) => ({ observedGeneration: 1, conditions: [{ type: 'NotReady', status: 'True', reason: 'TimeoutException', message: message.replace('scripts-kafka', ns), lastTransitionTime: '2026-12-01T00:00:00.000Z' }] })
    await setStatus('scripts-kafka', 'kafka/events', notReady('scripts-kafka'))
    const degraded = await resourceOnDesk('scripts-kafka', key, (h) => h === 'Degraded')
    expect(degraded.resource).toMatchObject({ health: 'Degraded', healthMessage: message })
    expect(degraded.app).toMatchObject({ health: 'Degraded', healthMessage: message })

    await setStatus('argo-scripts-kafka', 'kafka/events', notReady('argo-scripts-kafka'))
    const argoDegraded = { app: 'Degraded', resource: `Degraded ${message.replace('scripts-kafka', 'argo-scripts-kafka')}` }
    expect(await argoHealth('argo-scripts-kafka', 'Kafka', argoDegraded)).toEqual(argoDegraded)
  })
})
