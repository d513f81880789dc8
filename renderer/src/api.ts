import { apiContract, type GitopsApi } from '../../shared/api'
import { createClient } from '../../shared/contract'
import { webSocketTransport } from './ws-transport'

declare global {
  interface Window {
    gitops?: GitopsApi
  }
}

/**
 * In Electron the preload has put the API on window.gitops. In the browser harness we build the
 * same client over the WebSocket, with the token from the page URL, and put it there too.
 */
export function connectApi(): GitopsApi {
  if (window.gitops) return window.gitops
  const token = new URLSearchParams(window.location.search).get('token') ?? ''
  const url = `ws://${window.location.host}/api?token=${encodeURIComponent(token)}`
  const transport = webSocketTransport(url)
  const api: GitopsApi = { ...createClient(apiContract, transport.invoke), onEvents: transport.onEvents }
  window.gitops = api
  return api
}
