import type { LuaEngine } from 'wasmoon'
import type { K8sObject } from '../kube/objects'
import type { Health, HealthStatus } from './types'

const statuses: HealthStatus[] = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown']

/**
 * Argo CD's resource customization scripts (Lua), run in a Lua VM compiled to WebAssembly: each
 * script on a thread of its own with a time limit (1 s) and the VM's memory capped (32 MB over
 * what it holds), `obj` as a global, Lua 5.1's `unpack`, and no `os`, `io`, `require` or file
 * loading. A script that fails, loops or allocates without bound gives Unknown with the reason;
 * the VM carries on.
 */
export class LuaScripts {
  private constructor(private readonly lua: LuaEngine) {}

  static async create(): Promise<LuaScripts> {
    const { LuaFactory } = await import('wasmoon')
    const lua = await new LuaFactory().createEngine({ openStandardLibs: true, injectObjects: false, enableProxy: false, traceAllocations: true })
    lua.doStringSync('unpack = table.unpack; os = nil; io = nil; require = nil; dofile = nil; loadfile = nil; package = nil')
    return new LuaScripts(lua)
  }

  /** A health.lua script's verdict on a live object. */
  health(script: string, obj: K8sObject): Health {
    try {
      const result = this.run(script, obj) as { status?: unknown; message?: unknown } | undefined
      const status = result?.status
      if (typeof status !== 'string' || !statuses.includes(status as HealthStatus)) return { status: 'Unknown', message: `the health script returned no valid status (${JSON.stringify(status ?? null)})` }
      return { status: status as HealthStatus, message: typeof result?.message === 'string' ? result.message : '' }
    } catch (error) {
      // A script's failure is its author's, not ours: its own words, first line.
      return { status: 'Unknown', message: `health script failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` }
    }
  }

  private run(script: string, obj: K8sObject): unknown {
    const thread = this.lua.global.newThread()
    try {
      this.lua.global.setMemoryMax(this.lua.global.getMemoryUsed() + 32 * 1024 * 1024)
      this.lua.global.set('obj', structuredClone(obj))
      thread.loadString(script)
      thread.setTimeout(Date.now() + 1000)
      return thread.runSync(0)[0]
    } finally {
      this.lua.global.pop()
      this.lua.global.setMemoryMax(undefined)
    }
  }

  close(): void {
    this.lua.global.close()
  }
}
