import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkKustomizationPaths } from './kustomize-bounds'

const base = mkdtempSync(join(tmpdir(), 'gitops-desk-kustomize-bounds-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
let n = 0
function repo(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = join(base, `r${n++}`)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    symlinkSync(target, join(dir, path))
  }
  return dir
}
const check = (dir: string, app = 'app') => checkKustomizationPaths(dir, join(dir, app)).then(() => null, (e: Error & { where?: string }) => ({ message: e.message, where: e.where }))

describe('checkKustomizationPaths', () => {
  it('accepts local paths inside the repository, remote bases, cycles and folders without a kustomization', async () => {
    const dir = repo({
      'app/kustomization.yaml': 'resources: [../base, cm.yaml, https://github.com/org/repo//x?ref=v1, ../plain]\ncomponents: [../comp]\n',
      'app/cm.yaml': '',
      'base/kustomization.yaml': 'resources: [../app]\npatches: [{path: p.yaml}]\n',
      'comp/kustomization.yaml': 'kind: Component\nconfigMapGenerator: [{name: x, files: [k=f.txt]}]\n',
      'plain/README': '',
    }, { 'app/linked': '../base' })
    expect(await check(dir)).toBeNull()
  })
  it('refuses a path that climbs out in a kustomization reached through others, naming that file and field', async () => {
    const dir = repo({ 'app/kustomization.yaml': 'resources: [../mid]\n', 'mid/kustomization.yaml': 'components: [../deep]\n', 'deep/kustomization.yaml': 'kind: Component\nreplacements: [{path: ../../../x.yaml}]\n' })
    expect(await check(dir)).toEqual({ message: expect.stringContaining('deep/kustomization.yaml: replacements[0].path "../../../x.yaml" leads outside the repository'), where: 'deep/kustomization.yaml' })
  })
  it('refuses a path out through a link (the OS way) and a file:// base', async () => {
    const through = repo({ 'app/kustomization.yaml': 'resources: [sub/b/../x]\n' }, { 'app/sub/b': '../..' })
    expect(await check(through)).toMatchObject({ where: 'app/kustomization.yaml' })
    const clone = repo({ 'app/kustomization.yaml': 'resources: ["file:///var/lib/other-repo//base"]\n' })
    expect(await check(clone)).toMatchObject({ message: expect.stringContaining('resources[0] "file:///var/lib/other-repo//base" leads outside the repository') })
  })
  it('reads generator and transformer config files for the paths they name', async () => {
    const dir = repo({ 'app/kustomization.yaml': 'transformers: [t.yaml]\n', 'app/t.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata: {name: p}\npath: /etc/x.yaml\n' })
    expect(await check(dir)).toMatchObject({ message: expect.stringContaining('transformers[0] (app/t.yaml) path "/etc/x.yaml" leads outside the repository (an absolute path)') })
  })
  it("refuses a helm chart whose folder (chart home, then name, or name-version for a pulled one) is outside: kustomize would template it from there", async () => {
    const local = repo({ 'app/kustomization.yaml': 'helmCharts:\n- {name: ../../../../../../other/chart, releaseName: x, valuesFile: v.yaml}\n', 'app/v.yaml': '' })
    expect(await check(local)).toEqual({ message: expect.stringContaining('app/kustomization.yaml: helmCharts[0].name "charts/../../../../../../other/chart" leads outside the repository'), where: 'app/kustomization.yaml' })
    const home = repo({ 'app/kustomization.yaml': 'helmGlobals: {chartHome: vendor}\nhelmCharts:\n- {name: ../../../x}\n' })
    expect(await check(home)).toMatchObject({ message: expect.stringContaining('helmCharts[0].name "vendor/../../../x" leads outside the repository') })
    const versioned = repo({ 'app/kustomization.yaml': 'helmCharts:\n- {name: c, repo: "https://charts.example.com", version: ../../../../../x}\n' })
    expect(await check(versioned)).toMatchObject({ message: expect.stringContaining('helmCharts[0].name "charts/c-../../../../../x/c" leads outside the repository') })
    const config = repo({ 'app/kustomization.yaml': 'generators: [g.yaml]\n', 'app/g.yaml': 'apiVersion: builtin\nkind: HelmChartInflationGenerator\nmetadata: {name: g}\nname: ../../../../c\n' })
    expect(await check(config)).toMatchObject({ message: expect.stringContaining('generators[0] (app/g.yaml) name "charts/../../../../c" leads outside the repository') })
    const legacy = repo({ 'app/kustomization.yaml': 'helmChartInflationGenerator:\n- {chartName: ../../../c, chartHome: ch}\n' })
    expect(await check(legacy)).toMatchObject({ message: expect.stringContaining('helmChartInflationGenerator[0].chartName "ch/../../../c" leads outside the repository') })
    expect(await check(repo({ 'app/kustomization.yaml': 'helmCharts:\n- {name: web}\n- {name: db, repo: "https://charts.example.com", version: 1.2.3}\n' }))).toBeNull()
  })
  it('refuses a kustomization it cannot read as YAML, naming it', async () => {
    expect(await check(repo({ 'app/kustomization.yaml': 'resources: [a\n  b: {\n' }))).toMatchObject({ where: 'app/kustomization.yaml' })
  })
})
