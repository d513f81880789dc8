import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeGoTemplates, renderGoTemplates } from './go-template'

// goTemplate fidelity, measured against Go itself: the same templates and parameters given to
// the WebAssembly renderer the app uses and to native/gotemplate built natively with Go
// (text/template + Sprig with Argo CD's function set), outputs and errors compared exactly.
const source = resolve(import.meta.dirname, '../../../native/gotemplate')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-gotemplate-'))
const native = join(work, 'gotemplate')
beforeAll(() => void execFileSync('go', ['build', '-o', native, '.'], { cwd: source, stdio: 'ignore', timeout: 300_000 }), 300_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

const params = {
  name: 'Web App',
  path: { path: 'apps/guestbook', basename: 'guestbook', segments: ['apps', 'guestbook'] },
  cluster: { name: 'Prod_EU', address: 'https://10.0.0.1:6443', labels: { env: 'prod', tier: 'gold' } },
  replicas: 3,
  ratio: 0.25,
  big: 1000000,
  enabled: true,
  list: ['b', 'a', 'c'],
  empty: '',
  nothing: null,
  yaml: 'a: 1\nb: [x, y]\n',
  yamlList: '- 1\n- two\n',
}
const templates = [
  '{{ .name }}', '{{ .name | upper }}', '{{ .name | lower | replace " " "-" }}', '{{ normalize .name }}', '{{ slugify .name }}', '{{ slugify 5 false "A Long Name Here" }}',
  '{{ .path.basename }}', '{{ index .path.segments 1 }}', '{{ join "/" .path.segments }}', '{{ .cluster.labels.env }}', '{{ index .cluster.labels "tier" }}',
  '{{ .replicas }}', '{{ add .replicas 2 }}', '{{ mul .replicas 1.5 }}', '{{ .ratio }}', '{{ .big }}', '{{ printf "%v-%d" .big 7 }}', '{{ .enabled }}',
  '{{ if .enabled }}on{{ else }}off{{ end }}', '{{ ternary "yes" "no" .enabled }}', '{{ default "fallback" .empty }}', '{{ default "fallback" .nothing }}', '{{ .nothing }}',
  '{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}', '{{ sortAlpha .list | join "," }}', '{{ list 1 2 3 | toJson }}', '{{ dict "a" 1 "b" "two" | toJson }}',
  '{{ toYaml .cluster }}', '{{ toYaml .list }}', '{{ (fromYaml .yaml).b }}', '{{ fromYamlArray .yamlList | toJson }}', '{{ toJson .path }}', '{{ .cluster | toPrettyJson }}',
  '{{ trunc 3 .name }}', '{{ trimPrefix "https://" .cluster.address }}', '{{ splitList ":" .cluster.address | last }}', '{{ regexReplaceAll "[0-9]+" .cluster.address "N" }}',
  '{{ hasKey .cluster.labels "env" }}', '{{ keys .cluster.labels | sortAlpha | join "," }}', '{{ quote .name }} {{ squote .name }}', '{{ b64enc .name }}', '{{ sha256sum .name }}',
  '{{ .name | kebabcase }}', '{{ .cluster.name | snakecase }}', '{{ semverCompare ">=1.2.0" "1.3.0" }}', '{{ len .list }}', '{{ eq .replicas 3 }}', '{{ and .enabled (gt .replicas 1) }}',
  '{{ with .cluster }}{{ .name }}{{ end }}', '{{ $x := "v" }}{{ $x }}{{ $x = "w" }}{{ $x }}', '{{- " trimmed " -}}', '{{ .missing }}', '{{ .cluster.missing }}',
  '{{ required "needs missing" .missing }}', '{{ fail "stop here" }}', '{{ .name.oops }}', '{{ env "HOME" }}', '{{ unclosed', '{{ index .list 9 }}',
]
const options = [[], ['missingkey=error'], ['missingkey=zero'], ['missingkey=bogus']]

/** Each template alone, as Argo CD renders each string: its output, or its error. */
function nativeRender(template: string, opts: string[]): string {
  const out = JSON.parse(execFileSync(native, { input: JSON.stringify({ templates: [template], params, options: opts }), encoding: 'utf8', timeout: 60_000 })) as { results: string[] | null; error?: string }
  return out.error ? `error: ${out.error}` : out.results![0]!
}
const wasmRender = (template: string, opts: string[]) => renderGoTemplates({ templates: [template], params, options: opts }).then((r) => r[0]!, (e: Error) => `error: ${e.message}`)

describe('goTemplate rendering against Go itself', () => {
  it(`${templates.length} templates × ${options.length} option sets render exactly as native Go renders them`, { timeout: 300_000 }, async () => {
    expect(templates.length).toBeGreaterThanOrEqual(40)
    const differences: string[] = []
    let errors = 0
    for (const opts of options) {
      for (const template of templates) {
        const [mine, theirs] = [await wasmRender(template, opts), nativeRender(template, opts)]
        if (theirs.startsWith('error:')) errors++
        if (mine !== theirs) differences.push(`${template} [${opts.join(',')}]: wasm ${JSON.stringify(mine)} ≠ go ${JSON.stringify(theirs)}`)
      }
    }
    expect(differences).toEqual([])
    expect(errors).toBeGreaterThan(10) // the error cases are compared too
  })

  it("Argo CD's additions and removals: normalize, slugify, toYaml; env and expandenv are gone", async () => {
    expect(await renderGoTemplates({ templates: ['{{ normalize "My_App.Name-" }}', '{{ slugify "Hello World!" }}', '{{ toYaml .a }}'], params: { a: { b: [1, 'x'] } } })).toEqual(['my-app.name', 'hello-world', 'b:\n- 1\n- x'])
    await expect(renderGoTemplates({ templates: ['{{ env "HOME" }}'], params: {} })).rejects.toThrow(/function "env" not defined/)
  })
})

describe('a template that loops or builds too much text', () => {
  it('is stopped at its time limit with the reason, and the next template renders', async () => {
    await expect(renderGoTemplates({ templates: ['{{ range until 20000 }}{{ range until 20000 }}{{ end }}{{ end }}'], params: {} }, { timeoutMs: 1500 })).rejects.toThrow(/ran longer than 1.5 s and was stopped: a template loops/)
    expect(await renderGoTemplates({ templates: ['{{ .name }}'], params: { name: 'after' } })).toEqual(['after'])
  }, 30_000)

  it('is stopped at its memory limit, and the memory comes back', async () => {
    const before = process.memoryUsage.rss()
    await expect(renderGoTemplates({ templates: ['{{ repeat 2000000000 "ab" }}'], params: {} }, { memoryMiB: 256 })).rejects.toThrow(/more than 256 MiB of memory and was stopped/)
    await expect.poll(() => process.memoryUsage.rss() - before, { timeout: 15_000 }).toBeLessThan(256 * 1024 * 1024)
    expect(await renderGoTemplates({ templates: ['{{ .n }}'], params: { n: 1 } })).toEqual(['1'])
  }, 30_000)

  it('refuses rendered text over the output limit', async () => {
    await expect(renderGoTemplates({ templates: ['{{ repeat 5000000 "ab" }}'], params: {} })).rejects.toThrow(/larger than 8 MiB/)
  }, 30_000)
})

describe('the template workers', () => {
  it('close, and render again afterwards in fresh workers', async () => {
    expect(await renderGoTemplates({ templates: ['{{ .a }}'], params: { a: 'x' } })).toEqual(['x'])
    await closeGoTemplates()
    expect(await renderGoTemplates({ templates: ['{{ .a }}'], params: { a: 'y' } })).toEqual(['y'])
  }, 30_000)
})
