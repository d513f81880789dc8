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
})
