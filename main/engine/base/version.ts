import pkg from '../../../package.json' with { type: 'json' }
import type { VersionInfo } from '../../../shared/api'

export const appVersion: string = pkg.version

export function versionInfo(): VersionInfo {
  return {
    app: appVersion,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    platform: `${process.platform}-${process.arch}`,
  }
}
