import { describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { inlineConfigsOf, isLocalUrl, isRemote, localPathsOf } from './kustomize-fields'

const paths = (text: string) => localPathsOf(YAML.parse(text) as Record<string, unknown>).map((p) => `${p.field}=${p.path}`)

describe('the local paths a kustomization reads', () => {
  it('lists every field that names a file or folder', () => {
    const found = paths(`
resources: [deploy.yaml, ../base, https://github.com/org/repo//x?ref=v1]
bases: [../old]
components: [../comp]
crds: [crd.yaml]
configurations: [conf.yaml]
patches: [{path: p.yaml}, {patch: "inline"}]
patchesStrategicMerge: [psm.yaml, "apiVersion: v1\\nkind: X\\n"]
patchesJson6902: [{path: j.yaml, target: {kind: X}}]
configMapGenerator: [{name: a, files: [key=cm.txt, plain.txt], envs: [a.env], env: old.env}]
secretGenerator: [{name: s, files: [s.txt]}]
replacements: [{path: r.yaml}]
openapi: {path: schema.json}
helmGlobals: {chartHome: charts, configHome: helmcfg}
helmCharts: [{name: c, valuesFile: v.yaml, additionalValuesFiles: [v2.yaml]}]
generators: [gen.yaml, "kind: ConfigMapGenerator\\nfiles: [x]\\n"]
transformers: [../transformers]
validators: [val.yaml]
`)
    expect(found).toEqual(
      expect.arrayContaining([
        'resources[0]=deploy.yaml', 'resources[1]=../base', 'resources[2]=https://github.com/org/repo//x?ref=v1', 'bases[0]=../old', 'components[0]=../comp',
        'crds[0]=crd.yaml', 'configurations[0]=conf.yaml', 'patches[0].path=p.yaml', 'patchesStrategicMerge[0]=psm.yaml', 'patchesJson6902[0].path=j.yaml',
        'configMapGenerator[0].files[0]=cm.txt', 'configMapGenerator[0].files[1]=plain.txt', 'configMapGenerator[0].envs[0]=a.env', 'configMapGenerator[0].env=old.env',
        'secretGenerator[0].files[0]=s.txt', 'replacements[0].path=r.yaml', 'openapi.path=schema.json', 'helmGlobals.chartHome=charts', 'helmGlobals.configHome=helmcfg',
        'helmCharts[0].valuesFile=v.yaml', 'helmCharts[0].additionalValuesFiles[0]=v2.yaml', 'helmCharts[0].name=charts/c', 'generators[0]=gen.yaml', 'transformers[0]=../transformers', 'validators[0]=val.yaml',
      ]),
    )
    expect(found).toHaveLength(25)
  })
  it('keeps inline generator configs apart, to be read as configs', () => {
    const doc = YAML.parse('generators: [gen.yaml, "kind: ConfigMapGenerator\\nfiles: [x]\\n"]') as Record<string, unknown>
    expect(inlineConfigsOf(doc)).toEqual([{ field: 'generators[1]', text: 'kind: ConfigMapGenerator\nfiles: [x]\n' }])
  })
  it('reads the paths of a generator or transformer config', () => {
    expect(paths('kind: PatchTransformer\npath: ../../p.yaml')).toEqual(['path=../../p.yaml'])
    expect(paths('kind: HelmChartInflationGenerator\nvaluesFile: /etc/v.yaml\nchartHome: ../c')).toEqual(['valuesFile=/etc/v.yaml', 'chartHome=../c'])
  })
})

describe('remote bases', () => {
  it('are git and http URLs, never file:// (a folder of this machine)', () => {
    for (const url of ['https://github.com/org/repo//base?ref=v1', 'git::https://example.com/r.git', 'ssh://git@example.com/r.git', 'git@github.com:org/repo.git//base']) expect(isRemote(url)).toBe(true)
    for (const path of ['file:///home/user/.config/gitops-desk/repos/abc', 'git::file:///tmp/x', '../base', 'github.com/org/repo']) expect(isRemote(path)).toBe(false)
    for (const url of ['file:///home/user/.config/gitops-desk/repos/abc', 'git::file:///tmp/x', 'FILE:relative', 'ftp://host/x']) expect(isLocalUrl(url)).toBe(true)
    for (const path of ['../base', 'github.com/org/repo', 'https://github.com/org/repo']) expect(isLocalUrl(path)).toBe(false)
  })
})
