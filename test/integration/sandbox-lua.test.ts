import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'

// Issue 30, items 5 and 6, as a user meets them: an argocd-cm someone else wrote, imported with
// `gitops-desk settings import`, whose health checks loop in ways a 1 s hook cannot stop, exhaust
// memory, or try to poison another kind's check. `gitops-desk health` answers every object (each
// bomb Unknown with the reason, the other kinds as their scripts say) and exits.
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-sandbox-lua-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const env = { ...process.env, GITOPS_DESK_DATA: join(work, 'data') }
const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, killSignal: 'SIGKILL', ...(input !== undefined ? { input } : {}) })

const bombs: Record<string, string> = {
  PcallLoop: 'while true do pcall(function() while true do end end) end',
  Backtrack: 'string.find(string.rep("a", 40), string.rep("a*", 40) .. "b") return {status = "Healthy"}',
  GcLoop: 'setmetatable({}, {__gc = function() while true do end end}) return {status = "Healthy"}',
  Hog: 'local mib, kept = string.rep("x", 1048576), {} for i = 1, 1e9 do kept[i] = mib .. i end',
  Poisoner: 'pcall(function() getmetatable("").__index.upper = function() return "POISONED" end end) string.upper = function() return "POISONED" end return {status = "Healthy", message = "poisoned"}',
}
const victim = 'return {status = "Healthy", message = string.upper(obj.metadata.name) .. " " .. ("ok"):upper() .. " " .. type(string.dump)}'
const data: Record<string, string> = { 'resource.customizations.health.example.com_Victim': victim, 'resource.customizations.useOpenLibs.example.com_Victim': 'true' }
for (const [kind, script] of Object.entries(bombs)) {
  data[`resource.customizations.health.example.com_${kind}`] = script
  data[`resource.customizations.useOpenLibs.example.com_${kind}`] = 'true'
}
const object = (kind: string, name: string) => ({ apiVersion: 'example.com/v1', kind, metadata: { name, namespace: 'n' } })

describe('hostile Lua health checks from an imported argocd-cm', () => {
  it('each bomb is Unknown with its limit, the other kinds are answered as their scripts say, the command exits', () => {
    const cm = join(work, 'argocd-cm.yaml')
    writeFileSync(cm, YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data }))
    const imported = cli(['settings', 'import', cm])
    expect(imported.status, imported.stderr).toBe(0)
    // The victim is asked before and after the poisoner, and between the bombs.
    const objects = [object('Victim', 'first'), object('Poisoner', 'p'), object('Victim', 'second'), ...Object.keys(bombs).filter((k) => k !== 'Poisoner').flatMap((kind) => [object(kind, kind.toLowerCase()), object('Victim', `after-${kind.toLowerCase()}`)])]
    const started = Date.now()
    const result = cli(['health', '-', '-o', 'json'], objects.map((o) => YAML.stringify(o)).join('---\n'))
    console.log(`gitops-desk health of ${objects.length} objects (4 bombs): ${Date.now() - started} ms`)
    expect(result.status, result.stderr).toBe(0)
    const rows = JSON.parse(result.stdout) as { kind: string; name: string; status: string; message: string }[]
    const answer = (name: string) => rows.find((r) => r.name === name)
    for (const kind of ['PcallLoop', 'Backtrack', 'GcLoop']) expect(answer(kind.toLowerCase()), kind).toMatchObject({ status: 'Unknown', message: 'health script ran longer than 1 s and was stopped' })
    expect(answer('hog')).toMatchObject({ status: 'Unknown', message: 'health script used more than 32 MiB of memory and was stopped' })
    expect(answer('p')).toMatchObject({ status: 'Healthy', message: 'poisoned' })
    for (const row of rows.filter((r) => r.kind === 'Victim')) expect(row, row.name).toMatchObject({ status: 'Healthy', message: `${row.name.toUpperCase()} OK function` })
  })
})
