import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { BundledScripts } from '../../main/engine/customizations/bundled-scripts'
import { HealthChecks } from '../../main/engine/health/custom-health'
import { LuaScripts } from '../../main/engine/lua/lua-scripts'
import { objectsFromYaml } from '../../main/engine/render/objects'
import { deviations } from './sides'

// Health against Argo CD's own answer, object by object: `argocd admin settings
// resource-overrides health` evaluates Argo CD's compiled rules and bundled scripts offline for
// each fixture of main/engine/health/testdata; GitOps Desk judges it as its engine does (the
// bundled scripts in its Lua VM, then the compiled rules). A disagreement fails unless
// docs/deviations.md lists it (case `health:FIXTURE`, field `health`).
const argocd = inject('argocdBinary')
const fixtures = resolve(import.meta.dirname, '../../main/engine/health/testdata')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-health-conformance-'))
const cm = join(work, 'argocd-cm.yaml')
writeFileSync(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm, namespace: argocd}\ndata: {}\n')
const lua = new LuaScripts()
const checks = new HealthChecks({ lua: () => lua, bundled: new BundledScripts(), remember: false })
afterAll(async () => {
  await lua.close()
  rmSync(work, { recursive: true, force: true })
})
const listed = deviations().filter((d) => d.case.startsWith('health:'))
const used = new Set<string>()

/** Argo CD's answer: "STATUS message", or "-" where it has no rule for the kind. */
function argoHealth(file: string): string {
  const out = execFileSync(argocd, ['admin', 'settings', 'resource-overrides', 'health', file, '--argocd-cm-path', cm], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 })
  if (/Health script is not configured/.test(out)) return '-'
  const status = /^STATUS: (.*)$/m.exec(out)?.[1] ?? '?'
  const message = /^MESSAGE: (.*)$/m.exec(out)?.[1] ?? ''
  return `${status} ${message}`.trim()
}

const files = readdirSync(fixtures).filter((f) => f.endsWith('.yaml')).sort()

describe('health conformance', () => {
  it.each(files)('%s: the same status and message as Argo CD', (file) => {
    const path = join(fixtures, file)
    const [obj] = objectsFromYaml(readFileSync(path, 'utf8'), file)
    const ours = checks.healthOf(obj!)
    const desk = ours ? `${ours.status} ${ours.message}`.trim() : '-'
    const argo = argoHealth(path)
    if (argo === desk) return
    const name = `health:${file.replace(/\.yaml$/, '')}`
    const row = listed.find((d) => d.field.test('health') && d.matches(name, `${argo} → ${desk}`))
    if (row) used.add(row.text)
    else expect(`${argo} → ${desk}`, `${file}: Argo CD → GitOps Desk, not in docs/deviations.md`).toBe(`${argo} → ${argo}`)
  })

  it('docs/deviations.md lists only health differences that still occur', () => {
    expect(listed.filter((d) => !used.has(d.text)).map((d) => d.text)).toEqual([])
  })
})
