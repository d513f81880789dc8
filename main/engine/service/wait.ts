import type { AppStatus } from '../../../shared/model'
import type { ReconcileController } from '../reconcile/controller'

export interface WaitFor {
  /** Wait until Synced. */
  sync: boolean
  /** Wait until Healthy. */
  health: boolean
  timeoutMs: number
}

/** Whether a status is what `app wait` waits for. */
export const statusMeets = (status: AppStatus, want: Pick<WaitFor, 'sync' | 'health'>): boolean => (!want.sync || status.sync === 'Synced') && (!want.health || status.health === 'Healthy')

/**
 * Compares the app (a refresh first, then from the watch cache about every second) until it is
 * Synced and/or Healthy or the time is up, as `argocd app wait` does; onStatus sees each change.
 */
export async function waitForApp(controller: ReconcileController, name: string, want: WaitFor, onStatus: (status: AppStatus) => void = () => undefined): Promise<{ met: boolean; status: AppStatus | null }> {
  const deadline = Date.now() + want.timeoutMs
  let status = (await controller.refresh(name)) ?? null
  let said = ''
  for (;;) {
    const seen = status ? `${status.sync} ${status.health}` : ''
    if (status && seen !== said) onStatus(status)
    said = seen
    if (status && statusMeets(status, want)) return { met: true, status }
    const left = deadline - Date.now()
    if (left <= 0) return { met: false, status }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, left)))
    status = (await controller.refresh(name, { fromCache: true })) ?? status
  }
}
