import type { K8sObject } from '../base/objects'
import type { BundledScripts } from '../customizations/bundled-scripts'
import { forGroupKind } from '../customizations/lookup'
import type { HealthSource } from '../../../shared/model'
import { builtinRuleFor, countsForAppHealth, healthOf, isCompiledCheck, type HealthRule } from './health'
import { HealthMemo } from './health-memo'
import type { Health, HealthStatus } from './types'

/** Runs a Lua health script (lua/lua-scripts.ts's LuaScripts is one). */
export interface LuaHealth {
  health(script: string, obj: K8sObject, openLibs: boolean, trusted?: boolean): Health
}

interface Found {
  rule: HealthRule
  source: HealthSource
}

/**
 * One engine's health checks, found in Argo CD's order: the user's customization (argocd-cm's
 * `resource.customizations.health`, keyed `group/Kind`, globs allowed as in `*.crossplane.io/*`),
 * then the script Argo CD ships for the kind (its resource_customizations, bundled), then the
 * rules compiled in (gitops-engine's). The Lua VM is asked for only when a kind with a script is
 * seen. Each engine has its own; nothing is module state.
 */
export class HealthChecks {
  private scripts: Record<string, string> = {}
  private openLibs: string[] = []
  private readonly found = new Map<string, Found | null>()
  /** Verdicts by object version (health-memo.ts); none for objects read from files. */
  private readonly memo: HealthMemo | null

  private readonly lua: () => LuaHealth
  private readonly bundled: BundledScripts | null

  /**
   * `lua` gives the VM (asked for when a kind with a script is first judged); `bundled`, Argo CD's
   * scripts. Without them (unit tests) only the compiled rules apply. `remember: false` for objects
   * read from files (see health-memo.ts).
   */
  constructor(options: { lua?: () => LuaHealth; bundled?: BundledScripts; remember?: boolean } = {}) {
    this.lua = options.lua ?? (() => {
      throw new Error('no Lua VM is configured for health scripts')
    })
    this.bundled = options.bundled ?? null
    this.memo = options.remember === false ? null : new HealthMemo()
  }

  /** Uses these Lua scripts from the user's settings by kind (key `group/Kind`, globs allowed). */
  useScripts(scripts: Record<string, string>, openLibs: string[]): void {
    this.scripts = scripts
    this.openLibs = openLibs
    this.found.clear()
    this.memo?.forgetAll()
  }

  /** An object's health, or null for kinds that have no rule (see health.ts). */
  readonly healthOf = (live: K8sObject | null): Health | null => healthOf(live, (group, kind) => this.lookup(group, kind)?.rule)

  /** Where a kind's health verdict comes from, or null when nothing judges it. */
  sourceOf(group: string, kind: string): HealthSource | null {
    try {
      return this.lookup(group, kind)?.source ?? null
    } catch {
      return null
    }
  }

  /** Whether a resource's health counts toward its app's (see health.ts). */
  // Argo CD looks the kind up by its exact key here (no globs).
  readonly countsForAppHealth = (group: string, kind: string, health: HealthStatus | null, live: K8sObject | null): boolean => countsForAppHealth(group, kind, health, live, this.scripts[`${group}/${kind}`] !== undefined)

  private judge(script: string, obj: K8sObject, run: () => Health): Health {
    return this.memo ? this.memo.judge(script, obj, run) : run()
  }

  private lookup(group: string, kind: string): Found | undefined {
    const key = `${group}/${kind}`
    let found = this.found.get(key)
    if (found === undefined) {
      found = this.find(group, kind)
      this.found.set(key, found)
    }
    return found ?? undefined
  }

  private find(group: string, kind: string): Found | null {
    const userKey = forGroupKind(Object.fromEntries(Object.keys(this.scripts).map((k) => [k, k])), group, kind)
    if (userKey !== undefined) {
      const script = this.scripts[userKey]!
      const open = this.openLibs.includes(userKey)
      return { rule: (obj) => this.judge(script, obj, () => this.lua().health(script, obj, open)), source: { kind: 'argocd-cm', label: `your health check for ${userKey} (argocd-cm)` } }
    }
    let bundled: string | null | undefined
    try {
      bundled = this.bundled?.healthScript(group, kind)
    } catch (error) {
      // A script set that cannot be read: the compiled rules still answer; other kinds say why.
      if (!builtinRuleFor(group, kind)) throw error
    }
    if (bundled) {
      const version = this.bundled!.version
      // Argo CD opens the standard libraries for all of its own scripts.
      return { rule: (obj) => this.judge(bundled!, obj, () => this.lua().health(bundled!, obj, true, true)), source: { kind: 'argocd', label: `Argo CD ${version}'s health check for ${group ? `${group}/` : ''}${kind}` } }
    }
    const builtin = builtinRuleFor(group, kind)
    if (!builtin) return null
    const label = isCompiledCheck(group, kind) ? `Argo CD's compiled check for ${kind} (gitops-engine)` : `GitOps Desk's own rule for ${kind}: Argo CD ${this.bundled?.version ?? ''} has none (see docs/deviations.md)`.replace('  ', ' ')
    return { rule: builtin, source: { kind: 'built-in', label } }
  }
}
