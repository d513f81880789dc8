import type { ResourceAction } from '../../../shared/model'
import { groupOf, type K8sObject } from '../kube/objects'

/** An action on a live object: whether it applies now, and the merge patch it makes. */
export interface Action extends ResourceAction {
  patch(obj: K8sObject, now: Date): Record<string, unknown>
}

type Obj = K8sObject & { spec?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any

// Argo CD's built-in actions for built-in kinds, by what each does to the object.
const restart: Omit<Action, 'disabled'> = {
  name: 'restart',
  description: 'roll every pod, as kubectl rollout restart (a new pod template annotation)',
  patch: (_obj, now) => ({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } }),
}
const setField = (field: 'paused' | 'suspend', value: boolean) => () => ({ spec: { [field]: value } })

/** The actions a live object offers (Argo CD's names); those that do not apply now are disabled. */
export function actionsFor(live: K8sObject): Action[] {
  const obj = live as Obj
  const kind = `${groupOf(obj.apiVersion)}/${obj.kind}`
  switch (kind) {
    case 'apps/Deployment':
      return [
        { ...restart, disabled: false },
        { name: 'pause', description: 'stop rolling out changes (spec.paused)', disabled: obj.spec?.paused === true, patch: setField('paused', true) },
        { name: 'resume', description: 'roll out changes again', disabled: obj.spec?.paused !== true, patch: setField('paused', false) },
      ]
    case 'apps/StatefulSet':
    case 'apps/DaemonSet':
      return [{ ...restart, disabled: false }]
    case 'batch/CronJob':
      return [
        { name: 'suspend', description: 'schedule no more jobs (spec.suspend)', disabled: obj.spec?.suspend === true, patch: setField('suspend', true) },
        { name: 'resume', description: 'schedule jobs again', disabled: obj.spec?.suspend !== true, patch: setField('suspend', false) },
      ]
    default:
      return []
  }
}
