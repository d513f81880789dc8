import { afterAll, describe, expect, it } from 'vitest'
import { FixtureRepo } from '../ground/git-fixture'
import { kubectlOn } from '../support/kubectl'
import { openGroundDesk } from '../support/ground-desk'

// Argo CD's resource actions on the ground: a restart rolls the Deployment (a new ReplicaSet),
// resume follows spec.paused, a protected context needs its name typed. Argo CD's discovery.lua
// offers pause only where spec.paused is set, and the API server never keeps `paused: false`, so
// a running Deployment has no pause action (in Argo CD too): it is paused here as kubectl does.
const kubectl = kubectlOn('ground-1')
const repo = FixtureRepo.create(['guestbook'])
const { desk } = openGroundDesk('actions')
afterAll(() => repo.remove())
const replicaSets = () => kubectl('-n', 'act-gb', 'get', 'replicasets', '-o', 'name').split('\n').filter(Boolean)
const key = 'apps/Deployment/act-gb/guestbook-ui'

describe('resource actions', () => {
  it('restart starts a new rollout; resume once paused; a protected context needs its name; a dry run changes nothing', { timeout: 180_000 }, async () => {
    desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'act-gb' }, spec: { source: { repoURL: repo.url, path: 'guestbook' }, destination: { name: 'ground-1', namespace: 'act-gb' }, syncPolicy: { syncOptions: ['CreateNamespace=true'] } } }), 'app.yaml')
    await desk.sync('act-gb', {})
    expect((await desk.waitForOperation('act-gb'))?.phase).toBe('Succeeded')
    const before = replicaSets()
    expect(before).toHaveLength(1)

    await desk.runResourceAction('act-gb', key, 'restart', { dryRun: true })
    expect(replicaSets()).toEqual(before)
    await desk.runResourceAction('act-gb', key, 'restart')
    await expect.poll(replicaSets, { timeout: 60_000 }).toHaveLength(2)
    expect(kubectl('-n', 'act-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}')).toMatch(/^\d{4}-\d\d-\d\dT/)

    const offered = async () => (await desk.resourceActions('act-gb', key)).map((a) => `${a.name}${a.disabled ? ' (disabled)' : ''}`)
    expect(await offered()).toEqual(['restart', 'resume (disabled)', 'scale'])
    await expect(desk.runResourceAction('act-gb', key, 'pause')).rejects.toThrow(/has no action "pause" \(it has: restart, resume, scale\)/)
    kubectl('-n', 'act-gb', 'patch', 'deployment', 'guestbook-ui', '--type', 'merge', '-p', '{"spec":{"paused":true}}')
    await expect.poll(offered, { timeout: 30_000 }).toEqual(['pause', 'restart', 'resume', 'scale'])

    await desk.protectCluster('ground-1', true)
    try {
      await expect(desk.runResourceAction('act-gb', key, 'resume')).rejects.toThrow(/ground-1 is a protected context/)
      await desk.runResourceAction('act-gb', key, 'resume', { consent: { context: 'ground-1' } })
    } finally {
      await desk.protectCluster('ground-1', false)
    }
    expect(kubectl('-n', 'act-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.paused}')).not.toBe('true')
    await expect.poll(offered, { timeout: 30_000 }).toEqual(['restart', 'resume (disabled)', 'scale'])
    // scale takes its replicas parameter; without it the action is refused before anything is sent.
    await expect(desk.runResourceAction('act-gb', key, 'scale')).rejects.toThrow(/"scale" needs replicas \(--param replicas=VALUE\)/)
    await desk.runResourceAction('act-gb', key, 'scale', { params: { replicas: '2' } })
    expect(kubectl('-n', 'act-gb', 'get', 'deployment', 'guestbook-ui', '-o', 'jsonpath={.spec.replicas}')).toBe('2')
    expect(desk.getApp('act-gb').events.map((e) => e.action)).toEqual(['restart', 'resume', 'scale'])
    await expect(desk.runResourceAction('act-gb', key, 'scale-to-zero')).rejects.toThrow(/has no action "scale-to-zero" \(it has: restart, resume, scale\)/)
  })
})
