import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ApplicationSource } from '../model/app-schema'

export type SourceType = 'helm' | 'kustomize' | 'directory' | 'plugin'

/** The source's type: as given, else as Argo CD detects it from the folder. */
export function sourceTypeOf(source: ApplicationSource, dir: string): SourceType {
  if (source.plugin !== undefined) return 'plugin'
  if (source.helm || source.chart) return 'helm'
  if (source.kustomize) return 'kustomize'
  if (source.directory) return 'directory'
  if (existsSync(join(dir, 'Chart.yaml'))) return 'helm'
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((f) => existsSync(join(dir, f)))) return 'kustomize'
  return 'directory'
}
