import type { Application } from '../model/app-schema'
import { UserError } from '../base/errors'
import { selectorMatches, type LabelSelector } from './params'
import type { ApplicationSet } from '../model/appset-schema'

/** One step of a RollingSync: its apps (by name) and how many may be updated at once. */
export interface RolloutStep {
  step: number
  apps: string[]
  maxUpdate: number
}

/**
 * Argo CD's progressive sync (`strategy.type: RollingSync`): each step selects apps by their
 * labels (matchExpressions); an app is in the first step that selects it; `maxUpdate` (a number or
 * a percentage of the step, at least one) bounds how many sync at once. Apps no step selects are
 * left out (synced by hand), as in Argo CD. Pure.
 */
export function rolloutSteps(appset: ApplicationSet, apps: Application[]): RolloutStep[] {
  const strategy = appset.spec.strategy as { type?: string; rollingSync?: { steps?: { matchExpressions?: LabelSelector['matchExpressions']; maxUpdate?: number | string }[] } } | undefined
  if (strategy?.type !== 'RollingSync') throw new UserError('Invalid', `ApplicationSet ${appset.metadata.name} has no RollingSync strategy (spec.strategy.type)`, 'spec.strategy')
  const steps = strategy.rollingSync?.steps ?? []
  if (steps.length === 0) throw new UserError('Invalid', `ApplicationSet ${appset.metadata.name}: spec.strategy.rollingSync.steps is empty`, 'spec.strategy.rollingSync.steps')
  const taken = new Set<string>()
  return steps.map((step, i) => {
    const selected = apps.filter((a) => !taken.has(a.metadata.name) && selectorMatches({ matchExpressions: step.matchExpressions ?? [] }, a.metadata.labels ?? {})).map((a) => a.metadata.name).sort()
    for (const name of selected) taken.add(name)
    return { step: i + 1, apps: selected, maxUpdate: maxUpdateOf(step.maxUpdate, selected.length, i) }
  })
}

function maxUpdateOf(value: number | string | undefined, total: number, index: number): number {
  if (value === undefined) return Math.max(total, 1)
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new UserError('Invalid', `rollingSync step ${index + 1}: maxUpdate must be a whole number or a percentage, got ${value}`, 'spec.strategy.rollingSync.steps')
    return value === 0 ? Math.max(total, 1) : value
  }
  const percent = /^(\d+)%$/.exec(value)
  if (!percent) throw new UserError('Invalid', `rollingSync step ${index + 1}: maxUpdate must be a whole number or a percentage, got "${value}"`, 'spec.strategy.rollingSync.steps')
  return Math.max(1, Math.floor((total * Number(percent[1])) / 100))
}
