import { apiContract, type DeskEvent, type GitopsApiHandlers } from '../../shared/api'
import { channelOf, eventsChannel } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import { dispatch } from './dispatch'

/** What we use of Electron's ipcMain (so this wiring is tested without Electron). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string; parent: unknown } | null }, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/** What we use of a window's webContents. */
export interface EventTarget {
  send(channel: string, events: DeskEvent[]): void
  isDestroyed(): boolean
}

/**
 * Wires every contract method to ipcMain. A call from any frame that is not our renderer's top
 * frame is refused before dispatch. Returns a function that unregisters everything.
 */
export function serveIpc(ipcMain: IpcMainLike, handlers: GitopsApiHandlers, isOurFrame: (url: string) => boolean): () => void {
  const names = Object.keys(apiContract)
  for (const name of names) {
    ipcMain.handle(channelOf(name), async (event, ...args): Promise<Envelope<unknown>> => {
      const frame = event.senderFrame
      if (!frame || !isOurFrame(frame.url) || frame.parent) return { ok: false, error: { code: 'Forbidden', message: 'API call from a frame that is not GitOps Desk' } }
      return dispatch(handlers, name, args)
    })
  }
  return () => names.forEach((name) => ipcMain.removeHandler(channelOf(name)))
}

/** Forwards event batches to a window while it lives. */
export function forwardEvents(subscribe: (listener: (events: DeskEvent[]) => void) => () => void, target: EventTarget): () => void {
  const unsubscribe = subscribe((events) => {
    if (target.isDestroyed()) return unsubscribe()
    target.send(eventsChannel, events)
  })
  return unsubscribe
}
