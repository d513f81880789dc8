import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { parseArgoFile } from './parse'

const guestbook = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
  finalizers: [resources-finalizer.argocd.argoproj.io]
spec:
  project: default
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps.git
    targetRevision: HEAD
    path: guestbook
    name: the-guestbook-source
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
status:
  sync: {status: Synced}
`

describe('parseArgoFile', () => {
  it('reads an Application and keeps fields of the CRD it does not model (round trip)', () => {
    const { apps, problems } = parseArgoFile(guestbook, 'apps/guestbook.yaml')
    expect(problems).toEqual([])
    expect(apps).toHaveLength(1)
    expect(apps[0]).toEqual(YAML.parse(guestbook))
  })

  it('defaults the project to default', () => {
    const { apps } = parseArgoFile(guestbook.replace('  project: default\n', ''), 'a.yaml')
    expect(apps[0]?.spec.project).toBe('default')
  })

  it('names file, line and field for a missing destination', () => {
    const text = guestbook.replace(/ {2}destination:\n.*\n.*\n/, '')
    const { apps, problems } = parseArgoFile(text, 'apps/guestbook.yaml')
    expect(apps).toEqual([])
    expect(problems).toEqual([{ message: 'is required', where: 'apps/guestbook.yaml:7 spec.destination' }])
  })

  it('points at the line of a wrong field value', () => {
    const { problems } = parseArgoFile(guestbook.replace('revisionHistoryLimit', '').replace('  project: default', '  project: default\n  revisionHistoryLimit: lots'), 'x.yaml')
    expect(problems[0]?.where).toBe('x.yaml:9 spec.revisionHistoryLimit')
  })

  it('a source has one type; a plugin source is read with its env and parameters', () => {
    const { problems } = parseArgoFile(guestbook.replace('    path: guestbook', '    path: guestbook\n    plugin: {name: kasane}\n    directory: {recurse: true}'), 'x.yaml')
    expect(problems[0]?.message).toMatch(/a source has one type, not directory and plugin/)
    const { apps } = parseArgoFile(guestbook.replace('    path: guestbook', '    path: guestbook\n    plugin: {name: kasane, env: [{name: FOO, value: bar}], parameters: [{name: size, string: big}]}'), 'x.yaml')
    expect(apps[0]?.spec.source?.plugin).toEqual({ name: 'kasane', env: [{ name: 'FOO', value: 'bar' }], parameters: [{ name: 'size', string: 'big' }] })
    expect(parseArgoFile(guestbook.replace('    path: guestbook', '    path: guestbook\n    plugin: {env: [{value: x}]}'), 'x.yaml').problems[0]?.where).toBe('x.yaml:13 spec.source.plugin.env.0.name')
  })

  it('reports invalid YAML with its line, and other kinds by name', () => {
    expect(parseArgoFile('a: [1, 2\nb: 3\n', 'bad.yaml').problems[0]?.where).toMatch(/^bad\.yaml:\d+$/)
    const other = parseArgoFile('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 'cm.yaml')
    expect(other.problems).toEqual([{ message: 'expected an argoproj.io/v1alpha1 Application or AppProject, found v1 ConfigMap', where: 'cm.yaml:1' }])
  })

  it('bounds YAML alias bombs', () => {
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n'
    const { problems } = parseArgoFile(bomb, 'bomb.yaml')
    expect(problems[0]?.message).toMatch(/alias/i)
  })

  it('reads AppProjects next to Applications in one stream', () => {
    const text = `${guestbook}---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: team}\nspec:\n  sourceRepos: ['*']\n`
    const { apps, projects, problems } = parseArgoFile(text, 'all.yaml')
    expect(problems).toEqual([])
    expect(apps.map((a) => a.metadata.name)).toEqual(['guestbook'])
    expect(projects.map((p) => p.metadata.name)).toEqual(['team'])
  })
})
