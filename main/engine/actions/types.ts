import type { ResourceAction } from '../../../shared/model'
import type { K8sObject } from '../base/objects'

/** What an action does: change the live object (a merge patch of the difference) or create one. */
export interface ActionOperation {
  operation: 'patch' | 'create'
  resource: K8sObject
}

/** An action on a live object: whether it applies now, and what running it does. */
export interface Action extends ResourceAction {
  run(obj: K8sObject, params?: Record<string, string>): ActionOperation[]
}
