import type { GitopsApiHandlers } from '../../shared/api'
import { versionInfo } from '../engine/version'

/** The server side of shared/api.ts, written once; both transports call it through dispatch(). */
export function createApiHandlers(): GitopsApiHandlers {
  return {
    version: async () => versionInfo(),
    ping: async (text) => ({ pong: text ?? '', at: new Date().toISOString() }),
  }
}
