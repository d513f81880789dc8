import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// The Rollout view's data against the real Argo Rollouts controller (ground-2): what the panel reads
// at a pause step, and Argo CD's abort, retry and promote-full actions as the controller answers them.
const rollouts = inject('rollouts')
const kubectl = kubectlOn(rollouts.context)
const { desk } = openGroundDesk('rollouts')
const repo = FixtureRepo.create([])
const namespace = 'ro-actions'
const key = `argoproj.io/Rollout/${namespace}/web`
afterAll(() => {
  repo.remove()
  kubectl.run(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false'])
})

const rollout = (image: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
  },
})
const status = () => kubectl.json<{ status?: { phase?: string; abort?: boolean; currentStepIndex?: number } }>('-n', namespace, 'get', 'rollout', 'web').status ?? {}
const view = async () => (await desk.resources.details('ro-actions', key)).rollout
const poll = { timeout: 180_000, interval: 1000, message: `controller log: ${rollouts.log}` }

describe('a Rollout under the Argo Rollouts controller', () => {
  it('paused at its pause step: steps, weights and ReplicaSets as the CLI shows them; abort, retry and promote-full move it as the controller does', { timeout: 600_000 }, async () => {
    mkdirSync(join(repo.dir, 'rollout'), { recursive: true })
    const write = (image: string) => writeFileSync(join(repo.dir, 'rollout', 'rollout.yaml'), JSON.stringify(rollout(image)))
    write('example.com/web:v1')
    repo.commit('a canary Rollout')
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'ro-actions' }, spec: { source: { repoURL: repo.url, path: 'rollout' }, destination: { name: rollouts.context, namespace }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync('ro-actions', {})
    expect((await desk.waitForOperation('ro-actions'))?.phase).toBe('Succeeded')
    await expect.poll(() => status().phase, poll).toBe('Healthy')

    write('example.com/web:v2')
    repo.commit('web v2')
    await desk.sync('ro-actions', {})
    expect((await desk.waitForOperation('ro-actions'))?.phase).toBe('Succeeded')
    await expect.poll(() => status().phase, poll).toBe('Paused')
    // The panel's view, once the watch has the canary's pod Ready.
    await expect.poll(async () => (await view())?.weights, poll).toEqual({ set: 50, actual: 50 })
    const paused = (await view())!
    expect([paused.strategy, paused.phase, paused.message, paused.revision, paused.currentStep]).toEqual(['Canary', 'Paused', 'CanaryPauseStep', 2, 1])
    expect(paused.steps.map((s) => [s.label, s.state])).toEqual([['setWeight: 50', 'done'], ['pause', 'current']])
    expect(paused.replicaSets.map((rs) => [rs.revision, rs.roles, rs.status, rs.available, rs.images])).toEqual([
      [2, ['canary'], 'Healthy', 1, ['example.com/web:v2']],
      [1, ['stable'], 'Healthy', 1, ['example.com/web:v1']],
    ])
    const enabled = async () => (await desk.resourceActions('ro-actions', key)).filter((a) => !a.disabled).map((a) => a.name)
    expect(await enabled()).toEqual(expect.arrayContaining(['resume', 'abort', 'promote-full']))
    expect(await enabled()).not.toContain('retry')

    // Abort: the controller scales the canary down and reports Degraded; weights go back to 0.
    await desk.runResourceAction('ro-actions', key, 'abort')
    await expect.poll(() => status().phase, poll).toBe('Degraded')
    await expect.poll(async () => [(await view())?.aborted, (await view())?.weights], poll).toEqual([true, { set: 0, actual: 0 }])
    expect(await enabled()).toContain('retry')

    // Retry: the update starts again from the first step and pauses there again.
    await desk.runResourceAction('ro-actions', key, 'retry')
    await expect.poll(() => [status().phase, status().currentStepIndex], poll).toEqual(['Paused', 1])
    // (The desk's watch follows the cluster a moment later than kubectl's read.)
    await expect.poll(async () => [(await view())?.aborted, (await view())?.phase], poll).toEqual([false, 'Paused'])

    // Promote full: every remaining step skipped; the canary becomes stable.
    await desk.runResourceAction('ro-actions', key, 'promote-full')
    await expect.poll(() => status().phase, poll).toBe('Healthy')
    await expect.poll(async () => (await view())?.replicaSets.map((rs) => [rs.revision, rs.roles]), poll).toEqual([[2, ['stable']], [1, []]])
    const done = (await view())!
    expect([done.phase, done.steps.map((s) => s.state), done.weights]).toEqual(['Healthy', ['done', 'done'], { set: 100, actual: 100 }])
  })
})
