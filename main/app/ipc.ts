import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { apiContract, type GitopsApiHandlers } from '../../shared/api'
import { channelOf } from '../../shared/contract'
import { dispatch } from '../api/dispatch'
import { isOurRendererUrl } from './policy'

/** Wires every contract method to ipcMain; calls from any frame but our renderer are refused. */
export function registerIpc(handlers: GitopsApiHandlers, rendererUrl: string): void {
  for (const name of Object.keys(apiContract)) {
    ipcMain.handle(channelOf(name), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isOurRendererUrl(frameUrl, rendererUrl) || event.senderFrame?.parent) {
        return { ok: false, error: { code: 'Forbidden', message: 'API call from a frame that is not GitOps Desk' } }
      }
      return dispatch(handlers, name, args)
    })
  }
}
