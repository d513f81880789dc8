import { useCallback } from 'react'
import type { GitopsApi } from '../../../shared/api'
import { syncOptionsOf } from './sync-extras'

/** Reads an app's own syncOptions when the sync panel opens (the same loader across renders, so the panel reads once). */
export function useAppSyncOptions(api: GitopsApi, name: string): () => Promise<string[]> {
  return useCallback(() => api.getApp(name).then((d) => syncOptionsOf(d.yaml)), [api, name])
}
