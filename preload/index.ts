// Exposes the typed API as window.gitops and nothing else (never raw ipcRenderer).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { apiContract, type DeskEvent, type GitopsApi } from '../shared/api'
import { channelOf, createClient, eventsChannel } from '../shared/contract'
import type { Envelope } from '../shared/errors'

const api: GitopsApi = {
  ...createClient(apiContract, (name, args) => ipcRenderer.invoke(channelOf(name), ...args) as Promise<Envelope<unknown>>),
  onEvents(listener) {
    const forward = (_event: IpcRendererEvent, events: DeskEvent[]) => listener(events)
    ipcRenderer.on(eventsChannel, forward)
    return () => void ipcRenderer.off(eventsChannel, forward)
  },
}
contextBridge.exposeInMainWorld('gitops', api)
