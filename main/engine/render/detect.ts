import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ApplicationSource, SourceType } from '../model/app-schema'
import { kustomizationFiles } from './kustomize-fields'

export type { SourceType }

/** The source's type: as given, else as Argo CD detects it from the folder. */
export function sourceTypeOf(source: ApplicationSource, dir: string): SourceType {
  if (source.plugin !== undefined) return 'plugin'
  if (source.helm || source.chart) return 'helm'
  if (source.kustomize) return 'kustomize'
  if (source.directory) return 'directory'
  if (existsSync(join(dir, 'Chart.yaml'))) return 'helm'
  if (kustomizationFiles.some((f) => existsSync(join(dir, f)))) return 'kustomize'
  return 'directory'
}
