import type { K8sObject } from '../base/objects'
import { countsForAppHealth, healthOf, type HealthRule } from './health'
import type { Health, HealthStatus } from './types'

/** Runs a Lua health script (lua/lua-scripts.ts's LuaScripts is one). */
export interface LuaHealth {
  health(script: string, obj: K8sObject, openLibs: boolean): Health
}

/**
 * One engine's health checks: the built-in rules plus the user's customizations (Argo CD's
 * `resource.customizations.health`, keyed `group/Kind`, globs allowed as in `*.crossplane.io/*`),
 * which win over the built-in rules. Each engine has its own; nothing is module state.
 */
export class HealthChecks {
  private rules: Record<string, HealthRule> = {}

  /** Uses these Lua scripts by kind (none: the built-in rules only). */
  useScripts(scripts: Record<string, string>, openLibs: string[], lua: LuaHealth | null): void {
    this.rules = lua ? Object.fromEntries(Object.entries(scripts).map(([kind, script]) => [kind, (obj: K8sObject) => lua.health(script, obj, openLibs.includes(kind))])) : {}
  }

  /** An object's health, or null for kinds that have no rule (see health.ts). */
  readonly healthOf = (live: K8sObject | null): Health | null => healthOf(live, this.rules)

  /** Whether a resource's health counts toward its app's (see health.ts). */
  readonly countsForAppHealth = (group: string, kind: string, health: HealthStatus | null, live: K8sObject | null): boolean => countsForAppHealth(group, kind, health, live, this.rules)
}
