import { afterAll, describe, expect, it } from 'vitest'
import { ApplicationSet } from '../model/appset-schema'
import { parentAnnotation } from '../render/app-of-apps'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterAll(() => desks.cleanup())

const appset = (annotations: Record<string, string>) =>
  ApplicationSet.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name: 'fleet', annotations },
    spec: {
      generators: [{ list: { elements: [{ name: 'mine', url: '/home/user/private' }, { name: 'theirs', url: 'https://git.example/apps.git' }] } }],
      template: { metadata: { name: '{{name}}' }, spec: { project: 'default', source: { repoURL: '{{url}}', path: 'x' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'x' } } },
    },
  })

describe('apps an ApplicationSet generates', () => {
  it("from an ApplicationSet a parent app rendered: one on a repository of this machine is held back with the reason; the user's own may use one", async () => {
    const { desk } = desks.open()
    const fromRepository = await desk.appsets.preview(appset({ [parentAnnotation]: 'parent' }))
    expect(fromRepository.invalid).toContainEqual({ name: 'mine', reason: expect.stringMatching(/^spec\.source\.repoURL "\/home\/user\/private" is a repository on this machine, not its parent's/) })
    expect(fromRepository.create).not.toContain('mine')
    // A parent that renders from that very repository (a local app-of-apps): its ApplicationSet's apps may use it.
    desk.saveYaml('apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: local-parent}\nspec:\n  project: default\n  source: {repoURL: "file:///home/user/private", path: sets}\n  destination: {server: "https://kubernetes.default.svc", namespace: x}\n', 'parent.yaml')
    const fromLocalParent = await desk.appsets.preview(appset({ [parentAnnotation]: 'local-parent' }))
    expect(fromLocalParent.invalid?.find((i) => i.name === 'mine')?.reason ?? '').not.toMatch(/repository on this machine/)
    const own = await desk.appsets.preview(appset({}))
    expect(own.invalid?.find((i) => i.name === 'mine')?.reason ?? '').not.toMatch(/repository on this machine/)
  })
})
