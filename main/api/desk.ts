import { Engine, type EngineOptions } from '../engine/engine'
import { ReconcileController, type ControllerOptions } from '../engine/reconcile/controller'
import type { Desk } from './handlers'

/** The engine and its reconcile loop, as the app and the web harness run them. */
export function openDesk(options: EngineOptions & { controller?: ControllerOptions; start?: boolean }): Desk & { close(): Promise<void> } {
  const engine = new Engine(options)
  const controller = new ReconcileController(engine, options.controller ?? {})
  if (options.start ?? true) controller.start()
  return {
    engine,
    controller,
    /** A clean shutdown: running operations are terminated, the loop and the watches stop. */
    async close() {
      for (const app of engine.runningOperations()) engine.terminate(app)
      await controller.stop()
      await engine.close()
    },
  }
}
