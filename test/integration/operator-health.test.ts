import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// An operator's custom resource on the ground: cert-manager's Certificate CRD, with the status a
// controller would write set through the status subresource. Its health counts for the app and
// holds a sync wave back like a Deployment's does.
const kubectl = kubectlOn('ground-1').run
const { desk } = openGroundDesk('operator')
const repo = FixtureRepo.create([])
afterAll(() => repo.remove())

const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'certificates.cert-manager.io' }, spec: { group: 'cert-manager.io', scope: 'Namespaced', names: { kind: 'Certificate', plural: 'certificates', singular: 'certificate', listKind: 'CertificateList' }, versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] } }
const setReady = (status: 'True' | 'False', message: string) => kubectl(['-n', 'op-cert', 'patch', 'certificate', 'web-tls', '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status: { conditions: [{ type: 'Ready', status, reason: status === 'True' ? 'Ready' : 'Failed', message }] } })])

describe("an operator's custom resource", () => {
  it("a Certificate holds its wave until Ready, and the app's health follows its status", { timeout: 180_000 }, async () => {
    kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(crd))
    kubectl(['wait', '--for=condition=Established', 'crd/certificates.cert-manager.io', '--timeout=60s'])
    mkdirSync(join(repo.dir, 'cert'), { recursive: true })
    writeFileSync(join(repo.dir, 'cert', 'all.yaml'), [
      { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web-tls', annotations: { 'argocd.argoproj.io/sync-wave': '0' } }, spec: { secretName: 'web-tls', dnsNames: ['web.example.com'], issuerRef: { name: 'letsencrypt' } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-cert', annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, data: { a: '1' } },
    ].map((o) => JSON.stringify(o)).join('\n---\n'))
    repo.commit('a certificate, then what needs it')
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'op-cert' }, spec: { source: { repoURL: repo.url, path: 'cert' }, destination: { name: 'ground-1', namespace: 'op-cert' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')

    await desk.sync('op-cert', {})
    // No status yet: Progressing "Waiting for certificate", and wave 1 waits.
    const waiting = async () => desk.operation('op-cert')
    for (let i = 0; i < 60 && !(await waiting())?.message.includes('waiting for healthy state'); i++) await new Promise((r) => setTimeout(r, 250))
    expect((await waiting())?.phase, (await waiting())?.message).toBe('Running')
    expect((await waiting())?.message).toMatch(/Sync wave 0: waiting for healthy state/)
    expect(kubectl(['-n', 'op-cert', 'get', 'configmap', 'after-cert', '--ignore-not-found', '-o', 'name']).trim()).toBe('')

    setReady('True', 'Certificate is up to date and has not expired')
    expect((await desk.waitForOperation('op-cert'))?.phase).toBe('Succeeded')
    expect(kubectl(['-n', 'op-cert', 'get', 'configmap', 'after-cert', '-o', 'name']).trim()).toBe('configmap/after-cert')
    expect(await desk.refresh('op-cert')).toMatchObject({ sync: 'Synced', health: 'Healthy' })

    setReady('False', 'The certificate request has failed to complete and will be retried')
    const deadline = Date.now() + 30_000
    let status = await desk.refresh('op-cert')
    while (status?.health !== 'Degraded' && Date.now() < deadline) status = (await new Promise((r) => setTimeout(r, 500)), await desk.refresh('op-cert'))
    expect(status).toMatchObject({ health: 'Degraded', healthMessage: 'The certificate request has failed to complete and will be retried' })
    expect(status?.resources.find((r) => r.key === 'cert-manager.io/Certificate/op-cert/web-tls')).toMatchObject({ health: 'Degraded' })
  })

  it("a Rollout holds its wave while Progressing; its health follows the controller's phase; its actions write status", { timeout: 180_000 }, async () => {
    const rolloutCrd = { ...crd, metadata: { name: 'rollouts.argoproj.io' }, spec: { ...crd.spec, group: 'argoproj.io', names: { kind: 'Rollout', plural: 'rollouts', singular: 'rollout', listKind: 'RolloutList' }, versions: [{ ...crd.spec.versions[0]!, name: 'v1alpha1' }] } }
    kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify(rolloutCrd))
    kubectl(['wait', '--for=condition=Established', 'crd/rollouts.argoproj.io', '--timeout=60s'])
    mkdirSync(join(repo.dir, 'rollout'), { recursive: true })
    writeFileSync(join(repo.dir, 'rollout', 'all.yaml'), [
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', annotations: { 'argocd.argoproj.io/sync-wave': '0' } }, spec: { replicas: 2, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-rollout', annotations: { 'argocd.argoproj.io/sync-wave': '1' } }, data: { a: '1' } },
    ].map((o) => JSON.stringify(o)).join('\n---\n'))
    repo.commit('a rollout, then what follows it')
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'op-rollout' }, spec: { source: { repoURL: repo.url, path: 'rollout' }, destination: { name: 'ground-1', namespace: 'op-rollout' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    const setStatus = (status: Record<string, unknown>) => kubectl(['-n', 'op-rollout', 'patch', 'rollout', 'web', '--subresource=status', '--type', 'merge', '-p', JSON.stringify({ status })])
    const generation = () => Number(kubectl(['-n', 'op-rollout', 'get', 'rollout', 'web', '-o', 'jsonpath={.metadata.generation}']))

    await desk.sync('op-rollout', {})
    // Not yet observed by a controller: Progressing, and wave 1 waits.
    await expect.poll(async () => (await desk.operation('op-rollout'))?.message, { timeout: 30_000 }).toMatch(/Sync wave 0: waiting for healthy state/)
    setStatus({ observedGeneration: String(generation()), phase: 'Progressing', message: 'more replicas need to be updated', currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1 })
    await new Promise((r) => setTimeout(r, 1500))
    expect((await desk.operation('op-rollout'))?.phase).toBe('Running')
    expect(kubectl(['-n', 'op-rollout', 'get', 'configmap', 'after-rollout', '--ignore-not-found', '-o', 'name']).trim()).toBe('')
    setStatus({ phase: 'Healthy', message: null, currentPodHash: 'new', stableRS: 'new', currentStepIndex: 2 })
    expect((await desk.waitForOperation('op-rollout'))?.phase).toBe('Succeeded')
    expect(kubectl(['-n', 'op-rollout', 'get', 'configmap', 'after-rollout', '-o', 'name']).trim()).toBe('configmap/after-rollout')

    // Paused at a canary step: Suspended, and resume clears the pause through the status subresource.
    const key = 'argoproj.io/Rollout/op-rollout/web'
    setStatus({ phase: 'Paused', message: 'CanaryPauseStep', currentPodHash: 'newer', stableRS: 'new', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-11-29T00:00:00Z' }] })
    await expect.poll(async () => (await desk.refresh('op-rollout'))?.resources.find((r) => r.key === key)?.health, { timeout: 30_000 }).toBe('Suspended')
    expect((await desk.resourceActions('op-rollout', key)).filter((a) => !a.disabled).map((a) => a.name)).toEqual(['abort', 'pause', 'promote-full', 'restart', 'resume', 'skip-current-step'])
    await desk.runResourceAction('op-rollout', key, 'resume')
    expect(kubectl(['-n', 'op-rollout', 'get', 'rollout', 'web', '-o', 'jsonpath={.status.pauseConditions}'])).toBe('')
    await desk.runResourceAction('op-rollout', key, 'abort')
    expect(kubectl(['-n', 'op-rollout', 'get', 'rollout', 'web', '-o', 'jsonpath={.status.abort}'])).toBe('true')
  })
})
