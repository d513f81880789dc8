// The status, event and notification shapes are the API's own (shared/model.ts): the engine
// produces exactly what crosses to the UI.
import type { AppCondition } from '../../../shared/model'

export type { AppCondition, AppStatus, DeskEvent, Notification, ResourceStatus, SyncStatus } from '../../../shared/model'
export type ConditionType = AppCondition['type']
