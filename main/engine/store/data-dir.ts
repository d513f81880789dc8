import { chmodSync, mkdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** The product name Electron derives its user-data folder from (package.json productName). */
export const productName = 'GitOps Desk'

/**
 * The desktop app's user-data folder (Electron's app.getPath('userData')), so the CLI and the
 * app share one store. --data-dir or GITOPS_DESK_DATA select another.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GITOPS_DESK_DATA) return env.GITOPS_DESK_DATA
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName)
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), productName)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), productName)
}

/**
 * Makes the data folder private to the user (0700): it holds rendered manifests, repositories
 * and the store. Made if absent; a folder others can read is narrowed (it is ours alone).
 */
export function secureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700)
  } catch {
    // Not ours to change (another owner, a read-only mount): the store reports what fails.
  }
}
