import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import YAML from 'yaml'
import { afterAll, describe, expect, inject, it } from 'vitest'

// A user's own health check, as Argo CD users keep them in argocd-cm (Lua), imported with
// `gitops-desk settings import` and asked of `gitops-desk health`; Argo CD answers the same
// objects with the same argocd-cm (its own Lua VM) and both must agree.
const argocd = inject('argocdBinary')
const work = mkdtempSync(join(tmpdir(), 'gitops-desk-lua-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
const env = { ...process.env, GITOPS_DESK_DATA: join(work, 'data') }
const cli = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/gitops-desk.mjs', ...args], { encoding: 'utf8', env, timeout: 100_000, ...(input !== undefined ? { input } : {}) })

const script = `
hs = {}
if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the widget controller"
  return hs
end
local ready = 0
for _, c in ipairs(obj.status.parts or {}) do
  if c.ready then ready = ready + 1 end
end
local parts = {unpack(obj.status.parts or {})}
if obj.status.phase == "Broken" then
  hs.status = "Degraded"
  hs.message = string.format("%s: %d of %d parts ready", string.upper(obj.status.phase), ready, #parts)
elseif ready < #parts then
  hs.status = "Progressing"
  hs.message = ready .. "/" .. #parts .. " parts ready"
else
  hs.status = "Healthy"
  hs.message = "all " .. #parts .. " parts ready"
end
return hs
`
// Without useOpenLibs a script has base, table and a safe os only (Argo CD's VM), so this one counts with tables.
const plainScript = `
local hs = {status = "Healthy", message = ""}
local waiting = {}
for i, part in ipairs(obj.status and obj.status.parts or {}) do
  if not part.ready then table.insert(waiting, part.name) end
end
if #waiting > 0 then
  hs.status = "Progressing"
  hs.message = "waiting for " .. table.concat(waiting, ", ")
end
return hs
`
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data: { 'resource.customizations.health.example.com_Widget': script, 'resource.customizations.useOpenLibs.example.com_Widget': 'true', 'resource.customizations.health.example.com_Gadget': plainScript } }
const widget = (name: string, status?: object): { metadata: { name: string; namespace: string } } & Record<string, unknown> => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'w' }, spec: {}, ...(status ? { status } : {}) })
const gadget = (name: string, parts: { name: string; ready: boolean }[]) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name, namespace: 'w' }, status: { parts } })
const widgets = [
  widget('new'),
  widget('half', { phase: 'Running', parts: [{ ready: true }, { ready: false }] }),
  widget('done', { phase: 'Running', parts: [{ ready: true }, { ready: true }, { ready: true }] }),
  widget('broken', { phase: 'Broken', parts: [{ ready: true }, { ready: false }] }),
  gadget('gadget-ready', [{ name: 'a', ready: true }]),
  gadget('gadget-waiting', [{ name: 'a', ready: false }, { name: 'b', ready: true }, { name: 'c', ready: false }]),
]

describe('a Lua health check imported from argocd-cm', () => {
  it('gives each object the status and message Argo CD gives it with the same argocd-cm', () => {
    const cmFile = join(work, 'argocd-cm.yaml')
    writeFileSync(cmFile, YAML.stringify(cm))
    const imported = cli(['settings', 'import', cmFile])
    expect(imported.status, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('health check  example.com/Widget')
    const ours = JSON.parse(cli(['health', '-', '-o', 'json'], widgets.map((w) => YAML.stringify(w)).join('---\n')).stdout) as { name: string; status: string; message: string }[]
    for (const w of widgets) {
      const file = join(work, `${w.metadata.name}.yaml`)
      writeFileSync(file, YAML.stringify(w))
      const out = execFileSync(argocd, ['admin', 'settings', 'resource-overrides', 'health', file, '--argocd-cm-path', cmFile], { encoding: 'utf8', timeout: 60_000 })
      const theirs = `${/^STATUS: (.*)$/m.exec(out)?.[1] ?? '?'} ${/^MESSAGE: (.*)$/m.exec(out)?.[1] ?? ''}`.trim()
      const mine = ours.find((o) => o.name === w.metadata.name)!
      expect(`${mine.status} ${mine.message}`.trim(), w.metadata.name).toBe(theirs)
    }
    expect(ours.map((o) => o.status)).toEqual(['Progressing', 'Progressing', 'Healthy', 'Degraded', 'Healthy', 'Progressing'])
  })
})
