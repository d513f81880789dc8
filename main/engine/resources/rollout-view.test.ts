import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import type { K8sObject } from '../base/objects'
import { rolloutView } from './rollout-view'

// Recorded states from Argo Rollouts' own test data; each expectation is what its CLI prints for
// them (pkg/kubectl-argo-rollouts/cmd/get/get_test.go), see test/fixtures/argo-rollouts/NOTICE.md.
const fixtures = resolve(import.meta.dirname, '../../../test/fixtures/argo-rollouts')
function recorded(folder: string, rolloutName?: string) {
  const objects = readdirSync(join(fixtures, folder)).filter((f) => f.endsWith('.yaml')).map((f) => YAML.parse(readFileSync(join(fixtures, folder, f), 'utf8')) as K8sObject)
  const rollout = objects.find((o) => o.kind === 'Rollout' && (!rolloutName || o.metadata.name === rolloutName))!
  return rolloutView(rollout, objects.filter((o) => o.kind === 'ReplicaSet'), objects.filter((o) => o.kind === 'AnalysisRun'))
}
const replicaSetRows = (view: ReturnType<typeof rolloutView>) => view.replicaSets.map((rs) => [rs.revision, rs.name, rs.status, rs.roles.join(',')])

describe('a Rollout as `kubectl argo rollouts get` shows it', () => {
  it('canary stuck at its first step: Degraded with the controller’s reason, step 0 of 8, SetWeight 20, ActualWeight 0', () => {
    const view = recorded('canary', 'canary-demo')
    expect([view.strategy, view.phase, view.message]).toEqual(['Canary', 'Degraded', 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.'])
    expect(view.steps.map((s) => s.label)).toEqual(['setWeight: 20', 'pause', 'setWeight: 40', 'pause: 10s', 'setWeight: 60', 'pause: 10s', 'setWeight: 80', 'pause: 10s'])
    expect(view.steps.map((s) => s.state)).toEqual(['current', ...Array(7).fill('pending')])
    expect([view.currentStep, view.weights]).toEqual([0, { set: 20, actual: 0 }])
    expect(view.replicas).toEqual({ desired: 5, current: 6, updated: 1, ready: 5, available: 5 })
    expect(replicaSetRows(view)).toEqual([
      [31, 'canary-demo-65fb5ffc84', 'Progressing', 'canary'],
      [30, 'canary-demo-877894d5b', 'Healthy', 'stable'],
      [29, 'canary-demo-859c99b45c', 'ScaledDown', ''],
    ])
  })

  it('canary with traffic routing: ActualWeight is the weight the router reports', () => {
    expect(recorded('canary', 'canary-demo-weights').weights).toEqual({ set: 20, actual: 20 })
  })

  it('blue/green waiting for promotion: Paused (BlueGreenPause), active and preview services and the ReplicaSets they select', () => {
    const view = recorded('blue-green')
    expect([view.strategy, view.phase, view.message, view.paused]).toEqual(['BlueGreen', 'Paused', 'BlueGreenPause', true])
    expect(view.steps).toEqual([])
    expect(view.weights).toBeUndefined()
    expect(view.blueGreen).toEqual({ activeService: 'bluegreen-demo', previewService: 'bluegreen-demo-preview', activeSelector: '6cbccd9f99', previewSelector: '74b948fccb', autoPromotion: false })
    expect(replicaSetRows(view)).toEqual([
      [11, 'bluegreen-demo-74b948fccb', 'Healthy', 'preview'],
      [10, 'bluegreen-demo-6cbccd9f99', 'Healthy', 'stable,active'],
      [8, 'bluegreen-demo-746d5fddf6', 'ScaledDown', ''],
    ])
  })

  it('aborted by a failed analysis: Degraded, weights back to 0, the AnalysisRun with its failed measurement', () => {
    const view = recorded('rollout-aborted')
    expect([view.phase, view.message, view.aborted]).toEqual(['Degraded', 'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)', true])
    expect([view.currentStep, view.weights]).toEqual([0, { set: 0, actual: 0 }])
    expect(replicaSetRows(view)).toEqual([
      [2, 'rollout-background-analysis-db976bc44', 'ScaledDown', 'canary'],
      [1, 'rollout-background-analysis-7d84d44bb8', 'Healthy', 'stable'],
    ])
    expect(view.analysisRuns).toEqual([
      {
        name: 'rollout-background-analysis-db976bc44-2',
        revision: 2,
        phase: 'Failed',
        message: 'metric "web" assessed Failed due to failed (1) > failureLimit (0)',
        metrics: [{ name: 'web', phase: 'Failed', successful: 0, failed: 1, inconclusive: 0, error: 0, measurements: [{ phase: 'Failed', value: 'false', startedAt: '2020-09-22T09:10:04Z', finishedAt: '2020-09-22T09:10:04Z' }] }],
      },
    ])
  })

  it('past an experiment step: step 1 of 2, SetWeight and ActualWeight 25, an Inconclusive run with its counts', () => {
    const view = recorded('experiment-analysis')
    expect([view.phase, view.currentStep, view.weights]).toEqual(['Degraded', 1, { set: 25, actual: 25 }])
    expect(view.steps.map((s) => [s.label, s.state])).toEqual([['setWeight: 25', 'done'], ['experiment', 'current']])
    const [run] = view.analysisRuns
    expect([run?.phase, run?.metrics.map((m) => [m.successful, m.failed, m.inconclusive, m.error, m.measurements.length])]).toEqual(['Inconclusive', [[4, 4, 1, 1, 8]]])
  })

  it('leaves out ReplicaSets and AnalysisRuns of other owners', () => {
    const canary = readdirSync(join(fixtures, 'canary')).map((f) => YAML.parse(readFileSync(join(fixtures, 'canary', f), 'utf8')) as K8sObject)
    const other = readdirSync(join(fixtures, 'rollout-aborted')).map((f) => YAML.parse(readFileSync(join(fixtures, 'rollout-aborted', f), 'utf8')) as K8sObject)
    const rollout = canary.find((o) => o.metadata.name === 'canary-demo')!
    const view = rolloutView(rollout, [...canary, ...other].filter((o) => o.kind === 'ReplicaSet'), other.filter((o) => o.kind === 'AnalysisRun'))
    expect([view.replicaSets.length, view.analysisRuns.length]).toEqual([3, 0])
  })

  it('a finished canary: every step done, weights at 100, Healthy', () => {
    const rollout: K8sObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'shop', uid: 'r1', generation: 3, annotations: { 'rollout.argoproj.io/revision': '2' } },
      spec: { replicas: 2, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } } },
      status: { observedGeneration: '3', phase: 'Healthy', currentStepIndex: 2, stableRS: 'abc', currentPodHash: 'abc', replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 },
    }
    const view = rolloutView(rollout, [], [])
    expect([view.phase, view.steps.map((s) => s.state), view.weights]).toEqual(['Healthy', ['done', 'done'], { set: 100, actual: 100 }])
  })
})
