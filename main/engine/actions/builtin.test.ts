import { describe, expect, it } from 'vitest'
import { actionsFor } from './builtin'

describe("Argo CD's built-in resource actions", () => {
  const deployment = (paused?: boolean) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { ...(paused !== undefined ? { paused } : {}) } })

  it('a Deployment restarts (a new pod template annotation) and pauses or resumes by spec.paused', () => {
    const actions = actionsFor(deployment())
    expect(actions.map((a) => [a.name, a.disabled])).toEqual([['restart', false], ['pause', false], ['resume', true]])
    expect(actions[0]!.patch(deployment(), new Date('2026-11-29T00:00:00Z'))).toEqual({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-29T00:00:00.000Z' } } } } })
    expect(actionsFor(deployment(true)).map((a) => a.disabled)).toEqual([false, true, false])
  })

  it('StatefulSet and DaemonSet restart; a CronJob suspends and resumes; other kinds offer nothing', () => {
    expect(actionsFor({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' } }).map((a) => a.name)).toEqual(['restart'])
    const cron = actionsFor({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { suspend: true } })
    expect(cron.map((a) => [a.name, a.disabled])).toEqual([['suspend', true], ['resume', false]])
    expect(cron[1]!.patch({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' } }, new Date())).toEqual({ spec: { suspend: false } })
    expect(actionsFor({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })).toEqual([])
  })
})
