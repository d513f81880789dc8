import { ipcMain, type WebContents } from 'electron'
import type { DeskEvent, GitopsApiHandlers } from '../../shared/api'
import { forwardEvents, serveIpc, type IpcMainLike } from '../api/ipc-server'
import { isOurRendererUrl } from './policy'

/** Wires the API to ipcMain; calls from any frame but our renderer are refused. */
export function registerIpc(handlers: GitopsApiHandlers, rendererUrl: string): () => void {
  return serveIpc(ipcMain as unknown as IpcMainLike, handlers, (url) => isOurRendererUrl(url, rendererUrl))
}

/** The engine's event batches, to one window. */
export function sendEvents(subscribe: (listener: (events: DeskEvent[]) => void) => () => void, contents: WebContents): () => void {
  return forwardEvents(subscribe, contents)
}
