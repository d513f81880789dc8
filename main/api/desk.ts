import { DeskService, type DeskOptions } from '../engine/service/desk-service'

/** The engine's service and its reconcile loop, as the app and the web harness run them. */
export function openDesk(options: DeskOptions): DeskService {
  return new DeskService(options)
}
