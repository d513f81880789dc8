import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { healthStatuses, type HealthStatus } from '../../../shared/statuses'
import type { Health } from '../health/types'
import { SyncSandbox } from '../sandbox/sync-worker'
import { SandboxLimitError } from '../sandbox/worker-pool'
import { luaMemoryMiB, luaWorker } from './lua-worker'
import { Overruns } from './overruns'

/** Argo CD gives each script 1 s (its Lua VM's context timeout); so does the hard deadline here. */
export const luaTimeoutMs = 1000

/** A script stopped at its time or memory limit; the message says which and names the script. */
class LuaLimitError extends Error {}

/**
 * Argo CD's resource customization scripts (Lua), run in a Lua VM compiled to WebAssembly on a
 * worker thread (see lua-worker.ts): each script in a fresh Lua state with what Argo CD's VM
 * opens, at most 32 MiB and a hard 1 s deadline, past which the worker is terminated and
 * replaced. The calls stay synchronous (health is computed inside pure code): the caller's
 * thread waits for the answer, never longer than the deadline. A script that fails, loops or
 * allocates without bound gives Unknown (health) or an error (actions) with the reason; one
 * that keeps overrunning is answered at once for a while (overruns.ts).
 */
export class LuaScripts {
  private readonly overruns = new Overruns()

  private readonly sandbox = new SyncSandbox({ name: 'Lua script', ...luaWorker() })

  /** The VM starts on the first script (that call waits for it) or on start(). */
  constructor() {}

  /** A started VM. */
  static async create(): Promise<LuaScripts> {
    const scripts = new LuaScripts()
    await scripts.start()
    return scripts
  }

  /** Starts the VM without blocking the thread (so the first script does not wait for it). */
  start(): Promise<void> {
    return this.sandbox.ready()
  }

  /**
   * A health.lua script's verdict on a live object. `trusted` is for Argo CD's own scripts bundled
   * with the app: they run in a warm VM state (see lua-worker.ts); others in a state of their own.
   */
  health(script: string, obj: K8sObject, openLibs = false, trusted = false): Health {
    try {
      const result = this.run(script, trusted ? withoutManagedFields(obj) : obj, openLibs, 'health.lua', {}, trusted) as { status?: unknown; message?: unknown } | undefined
      const status = result?.status
      if (typeof status !== 'string' || !(healthStatuses as readonly string[]).includes(status)) return { status: 'Unknown', message: `the health script returned no valid status (${JSON.stringify(status ?? null)})` }
      return { status: status as HealthStatus, message: typeof result?.message === 'string' ? result.message : '' }
    } catch (error) {
      // A script's failure is its author's, not ours: its own words, first line.
      if (error instanceof LuaLimitError) return { status: 'Unknown', message: error.message }
      return { status: 'Unknown', message: `health script failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` }
    }
  }

  /**
   * An action's discovery.lua: the actions it offers by name, each maybe disabled. Throws a
   * UserError naming the script when it fails (the menu shows the reason).
   */
  discoverActions(script: string, obj: K8sObject, trusted = false): Record<string, { disabled: boolean; displayName?: string; params?: { name: string; type?: string; default?: string }[] }> {
    const result = this.runAction(script, trusted ? withoutManagedFields(obj) : obj, {}, 'discovery.lua', trusted)
    if (!result || typeof result !== 'object' || Array.isArray(result)) return {}
    return Object.fromEntries(
      Object.entries(result as Record<string, Record<string, unknown> | null>).map(([name, value]) => {
        const params = Array.isArray(value?.params) ? (value.params as Record<string, unknown>[]).filter((p) => typeof p?.name === 'string').map((p) => ({ name: String(p.name), ...(typeof p.type === 'string' ? { type: p.type } : {}), ...(p.default !== undefined ? { default: String(p.default) } : {}) })) : []
        return [name, { disabled: value?.disabled === true, ...(typeof value?.displayName === 'string' ? { displayName: value.displayName } : {}), ...(params.length ? { params } : {}) }]
      }),
    )
  }

  /**
   * An action.lua's result: the changed object (Argo CD's old style) or a list of
   * `{operation: "patch" | "create", resource}`. Throws a UserError with the script's reason.
   */
  runAction(script: string, obj: K8sObject, params: Record<string, string> = {}, chunk = 'action.lua', trusted = false): unknown {
    try {
      const result = this.run(script, obj, false, chunk, params, trusted)
      if (result === null || typeof result !== 'object') throw new Error(`it returned ${result === undefined || result === null ? 'nothing' : typeof result}, not a table`)
      return result
    } catch (error) {
      if (error instanceof LuaLimitError) throw new UserError('Invalid', error.message, chunk)
      throw new UserError('Invalid', `${chunk} failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, chunk)
    }
  }

  private run(script: string, obj: K8sObject, openLibs: boolean, chunk: string, params: Record<string, string>, trusted: boolean): unknown {
    const label = chunk === 'health.lua' ? 'health script' : chunk
    const scriptKey = JSON.stringify([chunk, openLibs, script])
    const { uid, resourceVersion } = obj.metadata ?? {}
    const objectKey = uid && resourceVersion ? JSON.stringify([uid, resourceVersion, params]) : undefined
    const skipped = this.overruns.check(scriptKey, objectKey, label)
    if (skipped) throw new LuaLimitError(skipped)
    try {
      const result = this.sandbox.call({ script, obj, open: openLibs, chunk, params: { ...params }, trusted }, luaTimeoutMs)
      this.overruns.answered(scriptKey)
      return result
    } catch (error) {
      if (error instanceof SandboxLimitError) {
        const message = `${label} ran longer than ${luaTimeoutMs / 1000} s and was stopped`
        this.overruns.overran(scriptKey, objectKey, message)
        throw new LuaLimitError(message, { cause: error })
      }
      this.overruns.answered(scriptKey)
      const reason = error instanceof Error ? error.message : String(error)
      if (reason === 'memory') throw new LuaLimitError(`${label} used more than ${luaMemoryMiB} MiB of memory and was stopped`, { cause: error })
      throw new Error(reason.startsWith('error:') ? reason.slice('error:'.length) : reason, { cause: error })
    }
  }

  /** Ends the worker (the engine's shutdown). */
  close(): Promise<void> {
    return this.sandbox.close()
  }
}

/**
 * Argo CD's own health and discovery scripts never read managedFields, often the largest part of
 * a live object and the costliest to hand to the VM: they are left out for them. Not for an
 * action.lua, whose returned object is diffed with the live one: without them, every patch would
 * remove managedFields (the API server keeps them, but a no-op action would still write).
 */
function withoutManagedFields(obj: K8sObject): K8sObject {
  if (!obj.metadata?.managedFields) return obj
  const { managedFields: _left, ...metadata } = obj.metadata
  return { ...obj, metadata }
}
