import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { helmProblem, kindsOf, kustomizeProblem, parseApp, readHelm, readKustomize, withHelm, withKustomize } from './app-parameters'

const helmApp = `# the guestbook chart
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: web
spec:
  source:
    repoURL: https://example.com/repo.git
    path: helm-guestbook # the chart
    helm:
      valueFiles: [values-production.yaml]
  destination: {name: ground-1, namespace: web}
`

describe('Parameters of an Application', () => {
  it('adds a Helm parameter as argocd app set -p does, keeping comments and the rest', () => {
    const doc = parseApp(helmApp).doc!
    expect(kindsOf(doc)).toEqual(['helm'])
    const helm = readHelm(doc)
    expect(helm).toEqual({ valueFiles: ['values-production.yaml'], values: '', parameters: [] })
    const next = withHelm(helmApp, { ...helm, parameters: [{ name: 'replicaCount', value: '3' }] })
    expect(next).toContain('# the chart')
    expect(YAML.parse(next).spec.source.helm).toEqual({ valueFiles: ['values-production.yaml'], parameters: [{ name: 'replicaCount', value: '3' }] })
    expect(readHelm(parseApp(next).doc!).parameters).toEqual([{ name: 'replicaCount', value: '3' }])
  })

  it('removes emptied fields and an emptied helm block', () => {
    const next = withHelm(helmApp, { valueFiles: [' '], values: '  ', parameters: [{ name: '', value: 'x' }] })
    expect(YAML.parse(next).spec.source.helm).toBeUndefined()
    expect(YAML.parse(next).spec.source.path).toBe('helm-guestbook')
  })

  it('writes Kustomize images, name prefix and replicas to the first source of a multi-source app', () => {
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: k}\nspec:\n  sources:\n  - repoURL: r\n    path: kustomize-guestbook\n  destination: {namespace: k}\n`
    const next = withKustomize(text, { images: ['gcr.io/heptio-images/ks-guestbook-demo:0.2'], namePrefix: 'dev-', nameSuffix: '', replicas: [{ name: 'guestbook-ui', count: 3 }] })
    expect(YAML.parse(next).spec.sources[0].kustomize).toEqual({ images: ['gcr.io/heptio-images/ks-guestbook-demo:0.2'], namePrefix: 'dev-', replicas: [{ name: 'guestbook-ui', count: 3 }] })
    expect(readKustomize(parseApp(next).doc!).replicas).toEqual([{ name: 'guestbook-ui', count: 3 }])
    expect(kindsOf(parseApp(next).doc!)).toEqual(['kustomize'])
  })

  it('names the field of bad input', () => {
    expect(kustomizeProblem({ images: [], namePrefix: '', nameSuffix: '', replicas: [{ name: 'web', count: -1 }] })).toBe("spec.source.kustomize.replicas: web's count must be a whole number, 0 or more")
    // One sentence naming the field and the place, not yaml's "…column 7:" with nothing after it.
    expect(helmProblem({ valueFiles: [], values: 'a: [1,', parameters: [] })).toBe('spec.source.helm.values is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 7')
    expect(helmProblem({ valueFiles: [], values: 'a: b: c', parameters: [] })).toBe('spec.source.helm.values is not valid YAML: Nested mappings are not allowed in compact mappings at line 1, column 4')
    expect(helmProblem({ valueFiles: [], values: '', parameters: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] })).toBe('spec.source.helm.parameters: a is set twice')
    expect(parseApp('a: [').error).toBeTruthy()
  })
})
