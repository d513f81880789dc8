import { healthStatuses, type HealthStatus } from '../../../shared/statuses'

/** Argo CD's health statuses, worst last (the order decides an app's aggregate). */
export const healthOrder = healthStatuses
export type { HealthStatus }

export interface Health {
  status: HealthStatus
  message: string
}

export const isWorse = (a: HealthStatus, b: HealthStatus): boolean => healthOrder.indexOf(a) > healthOrder.indexOf(b)
