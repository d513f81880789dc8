import { LuaScripts } from './lua-scripts'

/**
 * One engine's Lua VM with a lifecycle: made when a script first needs it (that call waits for it
 * to start), started on demand, closed with the engine; after close nothing makes a new one.
 */
export class LuaRuntime {
  private lua: LuaScripts | undefined
  private closed = false

  /** The VM, made when first needed. */
  vm(): LuaScripts {
    if (this.closed) throw new Error('the engine is shut down')
    this.lua ??= new LuaScripts()
    return this.lua
  }

  /** The VM, started. */
  async started(): Promise<LuaScripts> {
    const lua = this.vm()
    await lua.start()
    return lua
  }

  /** Ends the VM's worker. */
  async close(): Promise<void> {
    this.closed = true
    const lua = this.lua
    this.lua = undefined
    await lua?.close()
  }
}
