import type { ResourceAction } from '../../../shared/model'
import { UserError } from '../base/errors'
import { groupOf, type K8sObject } from '../base/objects'

/** What an action does: change the live object (a merge patch of the difference) or create one. */
export interface ActionOperation {
  operation: 'patch' | 'create'
  resource: K8sObject
}

/** An action on a live object: whether it applies now, and what running it does. */
export interface Action extends ResourceAction {
  run(obj: K8sObject, now: Date, params?: Record<string, string>): ActionOperation[]
}

type Obj = K8sObject & { spec?: Record<string, any>; status?: Record<string, any> } // eslint-disable-line @typescript-eslint/no-explicit-any

/** Argo CD's scripts stamp times as os.date("!%Y-%m-%dT%XZ"): UTC, whole seconds. */
export const actionTime = (now: Date) => now.toISOString().replace(/\.\d{3}Z$/, 'Z')

/** An action that changes a copy of the object; the runner patches the difference. */
const change = (name: string, description: string, disabled: boolean, edit: (obj: Obj, now: Date) => void): Action => ({
  name,
  description,
  disabled,
  source: 'built-in',
  run: (live, now) => {
    const obj = structuredClone(live) as Obj
    obj.spec ??= {}
    edit(obj, now)
    return [{ operation: 'patch', resource: obj }]
  },
})

const annotate = (obj: Obj, key: string, value: string) => void ((obj.metadata.annotations ??= {})[key] = value)

const restartPods = () => change('restart', 'roll every pod, as kubectl rollout restart (a new pod template annotation)', false, (obj, now) => {
  obj.spec!.template ??= {}
  obj.spec!.template.metadata ??= {}
  obj.spec!.template.metadata.annotations = { ...obj.spec!.template.metadata.annotations, 'kubectl.kubernetes.io/restartedAt': actionTime(now) }
})

/** Argo CD's scale: spec.replicas from the `replicas` parameter. */
const scale = (): Action => ({
  name: 'scale',
  description: 'set the number of replicas (spec.replicas)',
  disabled: false,
  source: 'built-in',
  params: [{ name: 'replicas' }],
  run: (live, _now, params = {}) => {
    const replicas = Number(params.replicas)
    if (params.replicas === undefined || params.replicas.trim() === '' || !Number.isInteger(replicas) || replicas < 0) throw new UserError('Invalid', `scale needs replicas, a whole number of 0 or more (got ${JSON.stringify(params.replicas ?? null)})`, 'replicas')
    const obj = structuredClone(live) as Obj
    obj.spec = { ...obj.spec, replicas }
    return [{ operation: 'patch', resource: obj }]
  },
})

const suspendResume = (obj: Obj, what: string): Action[] => [
  change('suspend', `${what} (spec.suspend)`, obj.spec?.suspend === true, (o) => void (o.spec!.suspend = true)),
  change('resume', 'take it up again (spec.suspend: false)', obj.spec?.suspend !== true, (o) => void (o.spec!.suspend = false)),
]

/** Argo Rollouts, as Argo CD's discovery.lua judges each action. */
function rolloutActions(obj: Obj): Action[] {
  const status = obj.status ?? {}
  const pauseConditions: unknown[] = Array.isArray(status.pauseConditions) ? status.pauseConditions : []
  const paused = status.pauseConditions !== undefined ? pauseConditions.length > 0 : obj.spec?.paused === true
  const fullyPromoted = status.currentPodHash === status.stableRS
  const steps: unknown[] | undefined = obj.spec?.strategy?.canary?.steps
  const generation = Number(status.observedGeneration)
  // Rollouts v0.9 and older wrote a hash as observedGeneration; full promotion was canary-only then.
  const legacy = !Number.isFinite(generation) || generation > Number(obj.metadata.generation ?? 0)
  return [
    change('restart', 'restart the pods (spec.restartAt)', false, (o, now) => void (o.spec!.restartAt = actionTime(now))),
    change('resume', 'continue a paused rollout', !paused, (o) => {
      if (Array.isArray(o.status?.pauseConditions) && o.status!.pauseConditions.length > 0) delete o.status!.pauseConditions
      if (o.spec!.paused === true) o.spec!.paused = false
    }),
    change('abort', 'go back to the stable version', fullyPromoted || status.abort === true, (o) => void ((o.status ??= {}).abort = true)),
    change('retry', 'try the aborted update again', fullyPromoted || status.abort !== true, (o) => void delete (o.status ??= {}).abort),
    change('pause', 'pause the rollout (spec.paused)', fullyPromoted || status.abort === true || obj.spec?.paused === true, (o) => void (o.spec!.paused = true)),
    change('promote-full', 'skip the remaining steps and analysis', !obj.status || fullyPromoted || (legacy && obj.spec?.strategy?.blueGreen !== undefined), (o) => {
      if (!o.status) return
      if (!legacy) return void (o.status.promoteFull = true)
      delete o.status.abort
      if (Array.isArray(o.spec!.strategy?.canary?.steps)) o.status.currentStepIndex = o.spec!.strategy.canary.steps.length
    }),
    change('skip-current-step', 'go to the next canary step', !steps || status.currentStepIndex === steps.length, (o) => {
      if (!o.status || !Array.isArray(steps) || !(o.status.currentStepIndex < steps.length)) return
      if (Array.isArray(o.status.pauseConditions) && o.status.pauseConditions.length > 0) delete o.status.pauseConditions
      o.status.currentStepIndex += 1
    }),
  ]
}

/** A Job from a CronJob's template, as `kubectl create job --from=cronjob/NAME` (Argo CD's create-job). */
function createJob(): Action {
  return {
    name: 'create-job',
    description: 'run the job now (a Job from the template, owned by the CronJob)',
    disabled: false,
    source: 'built-in',
    run: (live, now) => {
      const template = structuredClone((live as Obj).spec?.jobTemplate ?? {})
      const stamp = actionTime(now).replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d).*$/, '$1$2$3$4$5')
      const metadata = {
        ...(template.metadata ?? {}),
        name: `${live.metadata.name}-${stamp}`,
        namespace: live.metadata.namespace,
        annotations: { ...(template.metadata?.annotations ?? {}), 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [{ apiVersion: live.apiVersion, kind: live.kind, name: live.metadata.name, uid: live.metadata.uid, blockOwnerDeletion: true, controller: true }],
      }
      return [{ operation: 'create', resource: { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: template.spec ?? {} } as K8sObject }]
    },
  }
}

/** An ExternalSecret whose refresh is turned off (refreshInterval 0) cannot be refreshed, as Argo CD says. */
function externalSecretRefresh(obj: Obj): Action {
  const interval = obj.spec?.refreshInterval === undefined ? undefined : String(obj.spec.refreshInterval)
  const off = interval !== undefined && /^0(ns|us|µs|ms|s|m|h)?$/.test(interval) && obj.spec?.refreshPolicy !== 'OnChange'
  return change('refresh', 'fetch the secret from its store now (force-sync annotation)', off, (o, now) => annotate(o, 'force-sync', actionTime(now)))
}

/** Flux objects: reconcile now, suspend, resume (Argo CD's actions for HelmRelease, Kustomization and sources). */
function fluxActions(obj: Obj): Action[] {
  const suspended = obj.spec?.suspend === true
  return [
    change('reconcile', 'ask Flux to reconcile now (reconcile.fluxcd.io/requestedAt)', suspended, (o, now) => annotate(o, 'reconcile.fluxcd.io/requestedAt', `By Argo CD at: ${actionTime(now).slice(0, -1)}`)),
    ...suspendResume(obj, 'stop reconciling'),
  ]
}

const fluxGroups = new Set(['helm.toolkit.fluxcd.io', 'kustomize.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io'])

/** The built-in actions a live object offers (Argo CD's names); those that do not apply now are disabled. */
export function actionsFor(live: K8sObject): Action[] {
  const obj = live as Obj
  const group = groupOf(obj.apiVersion)
  switch (`${group}/${obj.kind}`) {
    case 'apps/Deployment':
      return [
        restartPods(),
        change('pause', 'stop rolling out changes (spec.paused)', obj.spec?.paused === true, (o) => void (o.spec!.paused = true)),
        change('resume', 'roll out changes again', obj.spec?.paused !== true, (o) => void delete o.spec!.paused),
        scale(),
      ]
    case 'apps/StatefulSet':
      return [restartPods(), scale()]
    case 'apps/DaemonSet':
      return [restartPods()]
    case 'batch/CronJob':
      // As Argo CD's discovery: create-job, and whichever of suspend or resume applies.
      return [createJob(), ...suspendResume(obj, 'schedule no more jobs').filter((a) => !a.disabled)]
    case 'argoproj.io/Rollout':
      return rolloutActions(obj)
    case 'external-secrets.io/ExternalSecret':
      return [externalSecretRefresh(obj)]
    default:
      // Flux notification objects (Alert, Provider, Receiver) have nothing to reconcile.
      if (group === 'notification.toolkit.fluxcd.io') return suspendResume(obj, 'stop sending')
      return fluxGroups.has(group) ? fluxActions(obj) : []
  }
}
