import { z } from 'zod'
import { method, type ClientOf, type HandlersOf } from './contract'

export const VersionInfo = z.object({
  /** GitOps Desk's own version (package.json). */
  app: z.string(),
  /** The Node.js version of the process that hosts the engine. */
  node: z.string(),
  /** Electron's version, or null when the engine runs outside Electron (CLI, web harness). */
  electron: z.string().nullable(),
  platform: z.string(),
})
export type VersionInfo = z.infer<typeof VersionInfo>

/** The one contract between the UI and the main process. Later issues grow it. */
export const apiContract = {
  version: method(z.tuple([]), VersionInfo, 'Versions of the app and the process hosting the engine'),
  ping: method(
    z.tuple([z.string().max(1024).optional()]),
    z.object({ pong: z.string(), at: z.string() }),
    'Round trip through the transport: echoes the text with the main side’s time',
  ),
}
export type ApiContract = typeof apiContract
export type GitopsApi = ClientOf<ApiContract>
export type GitopsApiHandlers = HandlersOf<ApiContract>
export type ApiMethodName = keyof ApiContract
