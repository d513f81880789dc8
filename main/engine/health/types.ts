/** Argo CD's health statuses, worst last (the order decides an app's aggregate). */
export const healthOrder = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'] as const
export type HealthStatus = (typeof healthOrder)[number]

export interface Health {
  status: HealthStatus
  message: string
}

export const isWorse = (a: HealthStatus, b: HealthStatus): boolean => healthOrder.indexOf(a) > healthOrder.indexOf(b)
