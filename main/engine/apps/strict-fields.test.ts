import { describe, expect, it } from 'vitest'
import { readApplicationSets } from '../appsets/parse'
import { parseArgoFile } from './parse'
import { unknownFields } from './strict-fields'

const app = (source: string, extra = '') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
spec:
  project: default
  source:
    repoURL: https://example.com/repo.git
${source}
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
${extra}`

describe('unknown fields, as Argo CD v3.2.11 CRDs allow them', () => {
  it('refuses a misspelt field, naming it, its line and the field meant', () => {
    const { apps, problems } = parseArgoFile(app('    targetRevison: HEAD\n    path: guestbook'), 'app.yaml')
    expect(apps).toEqual([])
    expect(problems).toEqual([{ where: 'app.yaml:9 spec.source.targetRevison', message: 'unknown field "spec.source.targetRevison" (did you mean "targetRevision"?)' }])
  })

  it('refuses syncPolicy.automatic (automated) and lists every unknown field with its line', () => {
    const { problems } = parseArgoFile(app('    path: guestbook', '  syncPolicy:\n    automatic:\n      prune: true\n  bogus: 1'), 'a.yaml')
    expect(problems.map((p) => p.where)).toEqual(['a.yaml:14 spec.syncPolicy.automatic', 'a.yaml:16 spec.bogus'])
    expect(problems[0]!.message).toContain('did you mean "automated"?')
    expect(problems[1]!.message).toBe('unknown field "spec.bogus"')
  })

  it('keeps open what the CRD keeps open: helm valuesObject, plugin parameters, labels and annotations', () => {
    const value = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'a', labels: { anything: 'x' }, annotations: { 'x/y': 'z' }, uid: '1', resourceVersion: '2', managedFields: [{ whatever: 1 }] },
      spec: {
        destination: { name: 'in-cluster' },
        sources: [
          { repoURL: 'r', chart: 'c', helm: { valuesObject: { any: { nested: ['thing'] } } } },
          { repoURL: 'r', plugin: { name: 'p', parameters: [{ name: 'x', map: { k: 'v' }, array: ['a'] }] } },
        ],
      },
      status: { sync: { status: 'Synced' } },
      operation: { sync: { revision: 'abc' } },
    }
    expect(unknownFields('Application', value)).toEqual([])
    expect(unknownFields('Application', { ...value, spec: { ...value.spec, sources: [{ repoURL: 'r', helm: { valueFile: [] } }] } })).toEqual([{ path: ['spec', 'sources', 0, 'helm', 'valueFile'], didYouMean: 'valueFiles' }])
  })

  it('refuses an unknown metadata field (an ObjectMeta has no "lables")', () => {
    expect(unknownFields('AppProject', { kind: 'AppProject', metadata: { name: 'p', lables: {} } })).toEqual([{ path: ['metadata', 'lables'], didYouMean: 'labels' }])
  })

  it('in an ApplicationSet: checks the template, keeps list elements open', () => {
    const text = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: guestbooks
spec:
  generators:
    - list:
        elements:
          - cluster: dev
            anything: goes
  template:
    metadata:
      name: '{{cluster}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://example.com/repo.git
        targetRevison: HEAD
      destination:
        name: '{{cluster}}'
`
    expect(() => readApplicationSets(text, 'set.yaml')).toThrow('set.yaml:18 spec.template.spec.source.targetRevison: unknown field "spec.template.spec.source.targetRevison" (did you mean "targetRevision"?)')
    expect(readApplicationSets(text.replace('targetRevison', 'targetRevision'), 'set.yaml')).toHaveLength(1)
  })
})
