import { describe, expect, it } from 'vitest'
import { objectsFromYaml } from './objects'

describe('reading objects from YAML', () => {
  const repeated = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 1\n  replicas: 3\n'
  const nameless = 'apiVersion: v1\nkind: Pod\nmetadata: {}\nstatus: {phase: Running}\n'

  it('refuses a repeated key and an object without a name, naming the line, when rendering', () => {
    expect(() => objectsFromYaml(repeated, 'sts.yaml')).toThrow(/Map keys must be unique/)
    expect(() => objectsFromYaml(nameless, 'pod.yaml')).toThrow(/Pod has no metadata.name/)
  })

  it('reads them leniently for health, as Argo CD does: the last value of a repeated key wins', () => {
    expect((objectsFromYaml(repeated, 'sts.yaml', { lenient: true })[0] as unknown as { spec: { replicas: number } }).spec.replicas).toBe(3)
    expect(objectsFromYaml(nameless, 'pod.yaml', { lenient: true })[0]?.kind).toBe('Pod')
  })

  it("takes a tool's output beyond the 8 MiB a file may have (a chart of thousands of objects), up to the tools' cap", () => {
    const configMaps = Array.from({ length: 300 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}}\ndata: {blob: ${'x'.repeat(32 * 1024)}}\n`).join('---\n')
    expect(() => objectsFromYaml(configMaps, 'big.yaml')).toThrow(/the YAML is 9\.4 MiB; the limit is 8 MiB/)
    expect(objectsFromYaml(configMaps, 'helm template big', { toolOutput: true })).toHaveLength(300)
    expect(() => objectsFromYaml('x'.repeat(65 * 1024 * 1024), 'helm template huge', { toolOutput: true })).toThrow(/the output is 65.0 MiB, larger than 64 MiB/)
  })

  it("expands any object whose items are a list (SecretList, ConfigMapList), as Argo CD's repo server does, and drops a list whose items are null", () => {
    const lists = [
      'apiVersion: v1\nkind: SecretList\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: listed}\n  stringData: {password: p}\n',
      'apiVersion: v1\nkind: ConfigMapList\nitems: null\n',
      'apiVersion: v1\nkind: List\nmetadata: {name: outer}\nitems:\n- apiVersion: v1\n  kind: List\n  metadata: {name: inner}\n  items: []\n',
    ].join('---\n')
    expect(objectsFromYaml(lists, 'lists.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Secret/listed', 'List/inner'])
    expect(() => objectsFromYaml('apiVersion: v1\nkind: SecretList\nitems: [x]\n', 'bad.yaml')).toThrow(/expected a Kubernetes object/)
    // A list with a spec or status is an object whose items are its own field (isNullList).
    expect(objectsFromYaml('apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: t}\nspec: {}\nitems: null\n', 'thing.yaml')).toHaveLength(1)
  })
})
