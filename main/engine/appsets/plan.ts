import { isDeepStrictEqual } from 'node:util'
import { createTwoFilesPatch } from 'diff'
import YAML from 'yaml'
import type { Application } from '../model/app-schema'
import { sortKeys } from '../diff/normalize'
import type { AppSetPlan } from '../../../shared/model'
import type { ApplicationSet } from '../model/appset-schema'

export type { AppSetPlan }

const shown = (app: Application) => YAML.stringify(sortKeys({ metadata: app.metadata, spec: app.spec }), { lineWidth: 0 })

/**
 * Compares what an ApplicationSet generates with the apps it owns (pure), under its
 * applicationsSync policy: create-only never updates or deletes, create-update never deletes,
 * create-delete never updates, sync (the default) does all three.
 */
export function planAppSet(appset: ApplicationSet, generated: Application[], owned: Application[]): AppSetPlan {
  const policy = appset.spec.syncPolicy?.applicationsSync ?? 'sync'
  const updates = policy === 'sync' || policy === 'create-update'
  const deletes = policy === 'sync' || policy === 'create-delete'
  const plan: AppSetPlan = { appset: appset.metadata.name, create: [], update: [], delete: [], unchanged: [], heldBack: [] }
  const current = new Map(owned.map((a) => [a.metadata.name, a]))
  for (const app of generated) {
    const before = current.get(app.metadata.name)
    if (!before) plan.create.push(app.metadata.name)
    else if (isDeepStrictEqual(sortKeys({ metadata: before.metadata, spec: before.spec }), sortKeys({ metadata: app.metadata, spec: app.spec }))) plan.unchanged.push(app.metadata.name)
    else if (updates) plan.update.push({ name: app.metadata.name, diff: createTwoFilesPatch(`stored/${app.metadata.name}`, `generated/${app.metadata.name}`, shown(before), shown(app), undefined, undefined, { context: 3 }) })
    else plan.heldBack.push({ name: app.metadata.name, change: 'update', policy })
  }
  const names = new Set(generated.map((a) => a.metadata.name))
  for (const name of current.keys()) {
    if (names.has(name)) continue
    if (deletes) plan.delete.push(name)
    else plan.heldBack.push({ name, change: 'delete', policy })
  }
  return plan
}
