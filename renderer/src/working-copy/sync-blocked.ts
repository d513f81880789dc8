import type { WorkingCopyState } from '../../../shared/model'

/**
 * Why "Sync working copy" cannot deploy now (null: it can). The engine renders the working copy
 * again for the sync and refuses what fails to render, so the button says so beforehand.
 */
export function syncBlockedReason(state: WorkingCopyState): string | null {
  if (state.error) return `The working copy fails to render (${state.error.where ? `${state.error.where}: ` : ''}${state.error.message}): fix it to sync`
  if (state.rendering && !state.diff) return 'The working copy is rendering'
  if (!state.diff) return 'The working copy has no diff yet'
  return null
}
