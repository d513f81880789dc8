// Exposes the typed API as window.gitops and nothing else (never raw ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron'
import { apiContract } from '../shared/api'
import { channelOf, createClient } from '../shared/contract'
import type { Envelope } from '../shared/errors'

const api = createClient(apiContract, (name, args) => ipcRenderer.invoke(channelOf(name), ...args) as Promise<Envelope<unknown>>)
contextBridge.exposeInMainWorld('gitops', api)
