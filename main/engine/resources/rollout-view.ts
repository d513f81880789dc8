import type { RolloutAnalysisRun, RolloutReplicaSet, RolloutStep, RolloutView } from '../../../shared/model'
import type { K8sObject } from '../base/objects'

// What `kubectl argo rollouts get rollout` shows of a Rollout, worked out as Argo Rollouts v1.10
// does (pkg/kubectl-argo-rollouts/info, utils/rollout, utils/replicaset): pure, from the Rollout,
// its ReplicaSets and its AnalysisRuns as the watch cache holds them.

interface CanaryStep {
  setWeight?: number
  pause?: { duration?: string | number }
  experiment?: unknown
  analysis?: unknown
  setCanaryScale?: { weight?: number; replicas?: number; matchTrafficWeight?: boolean }
  plugin?: { name?: string }
  setHeaderRoute?: { name?: string }
  setMirrorRoute?: { name?: string }
}

interface Rollout extends K8sObject {
  spec?: {
    replicas?: number
    paused?: boolean
    restartAt?: string
    strategy?: {
      canary?: { steps?: CanaryStep[]; trafficRouting?: { maxTrafficWeight?: number } | null }
      blueGreen?: { activeService?: string; previewService?: string; autoPromotionEnabled?: boolean; postPromotionAnalysis?: unknown }
    }
  }
  status?: {
    phase?: string
    message?: string
    abort?: boolean
    observedGeneration?: string | number
    controllerPause?: boolean
    pauseConditions?: { reason?: string }[] | null
    conditions?: { type?: string; reason?: string; message?: string }[] | null
    currentStepIndex?: number
    currentPodHash?: string
    stableRS?: string
    restartedAt?: string
    replicas?: number
    updatedReplicas?: number
    readyReplicas?: number
    availableReplicas?: number
    canary?: { weights?: { canary?: { weight?: number } } | null }
    blueGreen?: { activeSelector?: string; previewSelector?: string; postPromotionAnalysisRunStatus?: { status?: string } }
  }
}

const revisionOf = (obj: K8sObject): number => Number((obj.metadata.annotations as Record<string, string> | undefined)?.['rollout.argoproj.io/revision'] ?? 0) || 0

/** A canary step in the CLI's words (utils/rollout CanaryStepString). */
export function stepLabel(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`
  if (step.pause) return step.pause.duration !== undefined ? `pause: ${step.pause.duration}` : 'pause'
  if (step.experiment) return 'experiment'
  if (step.analysis) return 'analysis'
  if (step.setCanaryScale) {
    const s = step.setCanaryScale
    if (s.weight !== undefined) return `setCanaryScale{weight: ${s.weight}}`
    if (s.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}'
    if (s.replicas !== undefined) return `setCanaryScale{replicas: ${s.replicas}}`
  }
  if (step.plugin) return `plugin: ${step.plugin.name ?? ''}`
  if (step.setHeaderRoute) return `setHeaderRoute: ${step.setHeaderRoute.name ?? ''}`
  if (step.setMirrorRoute) return `setMirrorRoute: ${step.setMirrorRoute.name ?? ''}`
  return 'invalid'
}

/** The Rollout's phase and message (GetRolloutPhase: the controller's own since v1.0, else worked out as v0.10 did). */
export function rolloutPhase(ro: Rollout): { phase: string; message: string } {
  const status = ro.status ?? {}
  const observed = Number(status.observedGeneration)
  const generation = Number(ro.metadata.generation ?? 0)
  if (status.observedGeneration !== undefined && Number.isInteger(observed) && observed < generation) return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' }
  if (status.controllerPause && (status.pauseConditions ?? []).length === 0) return { phase: 'Progressing', message: 'waiting for rollout to unpause' }
  if (status.phase) return { phase: status.phase, message: status.message ?? '' }
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${cond.message ?? ''}` }
    if (cond.reason === 'RolloutAborted' || cond.reason === 'ProgressDeadlineExceeded') return { phase: 'Degraded', message: `${cond.reason}: ${cond.message ?? ''}` }
  }
  if (ro.spec?.paused) return { phase: 'Paused', message: 'manually paused' }
  const pause = (status.pauseConditions ?? [])[0]
  if (pause) return { phase: 'Paused', message: pause.reason ?? '' }
  if (ro.spec?.restartAt && ro.spec.restartAt !== status.restartedAt) return { phase: 'Progressing', message: 'rollout is restarting' }
  if ((status.updatedReplicas ?? 0) < (ro.spec?.replicas ?? 1)) return { phase: 'Progressing', message: 'more replicas need to be updated' }
  if ((status.availableReplicas ?? 0) < (status.updatedReplicas ?? 0)) return { phase: 'Progressing', message: 'updated replicas are still becoming available' }
  const promoted = !!status.stableRS && status.stableRS === status.currentPodHash
  const { canary, blueGreen } = ro.spec?.strategy ?? {}
  if (blueGreen) {
    if (!status.blueGreen?.activeSelector || status.blueGreen.activeSelector !== status.currentPodHash) return { phase: 'Progressing', message: 'active service cutover pending' }
    if (!promoted) {
      const analysisDone = ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(status.blueGreen.postPromotionAnalysisRunStatus?.status ?? '')
      return { phase: 'Progressing', message: blueGreen.postPromotionAnalysis && !analysisDone ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete' }
    }
  } else if (canary) {
    if (!canary.trafficRouting && (status.replicas ?? 0) > (status.updatedReplicas ?? 0)) return { phase: 'Progressing', message: 'old replicas are pending termination' }
    if (!promoted) return { phase: 'Progressing', message: 'waiting for all steps to complete' }
  }
  return { phase: 'Healthy', message: '' }
}

/** The ReplicaSets the Rollout owns, newest revision first, with their roles (GetReplicaSetInfo). */
function replicaSetsOf(ro: Rollout, replicaSets: K8sObject[]): RolloutReplicaSet[] {
  const status = ro.status ?? {}
  const { canary, blueGreen } = ro.spec?.strategy ?? {}
  return replicaSets
    .filter((rs) => ownedBy(rs, ro))
    .map((rs) => {
      const spec = (rs as { spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } } }).spec
      const st = (rs as { status?: { replicas?: number; readyReplicas?: number; availableReplicas?: number; observedGeneration?: number; conditions?: { type: string; status: string }[] } }).status ?? {}
      const hash = (rs.metadata.labels as Record<string, string> | undefined)?.['rollouts-pod-template-hash'] ?? ''
      const roles: RolloutReplicaSet['roles'] = []
      if (hash && status.stableRS === hash) roles.push('stable')
      else if (canary && hash && status.currentPodHash === hash) roles.push('canary')
      if (blueGreen && hash) {
        if (status.blueGreen?.activeSelector === hash) roles.push('active')
        else if (status.blueGreen?.previewSelector === hash) roles.push('preview')
      }
      return {
        name: rs.metadata.name ?? '',
        revision: revisionOf(rs),
        status: replicaSetStatus(Number(rs.metadata.generation ?? 0), st, spec?.replicas),
        replicas: st.replicas ?? 0,
        ready: st.readyReplicas ?? 0,
        available: st.availableReplicas ?? 0,
        roles,
        images: (spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      }
    })
    .sort((a, b) => b.revision - a.revision || a.name.localeCompare(b.name))
}

function replicaSetStatus(generation: number, st: { observedGeneration?: number; availableReplicas?: number; conditions?: { type: string; status: string }[] }, desired: number | undefined): string {
  if (generation > (st.observedGeneration ?? 0)) return 'Progressing'
  if ((st.conditions ?? []).some((c) => c.type === 'ReplicaFailure' && c.status === 'True')) return 'ReplicaFailure'
  if (desired !== undefined && (st.availableReplicas ?? 0) < desired) return 'Progressing'
  if (desired === 0) return 'ScaledDown'
  return 'Healthy'
}

interface AnalysisRun extends K8sObject {
  status?: { phase?: string; message?: string; metricResults?: { name: string; phase?: string; successful?: number; failed?: number; inconclusive?: number; error?: number; measurements?: { phase?: string; value?: string; message?: string; startedAt?: string; finishedAt?: string }[] }[] }
}

/** The AnalysisRuns the Rollout owns, newest revision first, with each metric's measurements. */
function analysisRunsOf(ro: Rollout, runs: K8sObject[]): RolloutAnalysisRun[] {
  return (runs as AnalysisRun[])
    .filter((run) => ownedBy(run, ro))
    .map((run) => ({
      name: run.metadata.name ?? '',
      revision: revisionOf(run),
      phase: run.status?.phase ?? 'Pending',
      ...(run.status?.message ? { message: run.status.message } : {}),
      metrics: (run.status?.metricResults ?? []).map((m) => ({
        name: m.name,
        phase: m.phase ?? 'Pending',
        successful: m.successful ?? 0,
        failed: m.failed ?? 0,
        inconclusive: m.inconclusive ?? 0,
        error: m.error ?? 0,
        measurements: (m.measurements ?? []).map((x) => ({ phase: x.phase ?? '', ...(x.value !== undefined ? { value: x.value } : {}), ...(x.message ? { message: x.message } : {}), ...(x.startedAt ? { startedAt: x.startedAt } : {}), ...(x.finishedAt ? { finishedAt: x.finishedAt } : {}) })),
      })),
    }))
    .sort((a, b) => b.revision - a.revision || String(runCreated(runs, a.name)).localeCompare(String(runCreated(runs, b.name))) || b.name.localeCompare(a.name))
}

const runCreated = (runs: K8sObject[], name: string) => runs.find((r) => r.metadata.name === name)?.metadata.creationTimestamp ?? ''

const ownedBy = (obj: K8sObject, owner: K8sObject): boolean => ((obj.metadata.ownerReferences as { uid?: string }[] | undefined) ?? []).some((ref) => !!ref.uid && ref.uid === owner.metadata.uid)

/** A Rollout as its panel shows it, from the Rollout and the ReplicaSets and AnalysisRuns around it (others are left out). */
export function rolloutView(rollout: K8sObject, replicaSets: K8sObject[], analysisRuns: K8sObject[]): RolloutView {
  const ro = rollout as Rollout
  const status = ro.status ?? {}
  const { canary, blueGreen } = ro.spec?.strategy ?? {}
  const rsInfos = replicaSetsOf(ro, replicaSets)
  const { phase, message } = rolloutPhase(ro)
  const view: RolloutView = {
    strategy: canary ? 'Canary' : blueGreen ? 'BlueGreen' : 'Unknown',
    phase,
    message,
    revision: revisionOf(ro),
    aborted: !!status.abort,
    paused: !!ro.spec?.paused || (status.pauseConditions ?? []).length > 0,
    replicas: { desired: ro.spec?.replicas ?? 1, current: status.replicas ?? 0, updated: status.updatedReplicas ?? 0, ready: status.readyReplicas ?? 0, available: status.availableReplicas ?? 0 },
    steps: [],
    currentStep: null,
    replicaSets: rsInfos,
    analysisRuns: analysisRunsOf(ro, analysisRuns),
  }
  if (canary) {
    const steps = canary.steps ?? []
    const index = status.currentStepIndex ?? null
    view.currentStep = index
    view.steps = steps.map((step, i): RolloutStep => ({ index: i, label: stepLabel(step), state: index === null ? 'pending' : i < index ? 'done' : i === index ? 'current' : 'pending' }))
    view.weights = canaryWeights(ro, steps, rsInfos)
  }
  if (blueGreen) {
    view.blueGreen = {
      activeService: blueGreen.activeService ?? '',
      previewService: blueGreen.previewService ?? '',
      activeSelector: status.blueGreen?.activeSelector ?? '',
      previewSelector: status.blueGreen?.previewSelector ?? '',
      autoPromotion: blueGreen.autoPromotionEnabled ?? true,
    }
  }
  return view
}

/** SetWeight (what the steps ask for now) and ActualWeight (what the canary has), as NewRolloutInfo works them out. */
function canaryWeights(ro: Rollout, steps: CanaryStep[], replicaSets: RolloutReplicaSet[]): { set: number; actual: number } {
  const status = ro.status ?? {}
  const routing = ro.spec?.strategy?.canary?.trafficRouting
  const max = routing?.maxTrafficWeight ?? 100
  const index = steps.length === 0 ? null : (status.currentStepIndex ?? 0)
  const current = index === null || index >= steps.length ? null : index
  let set = 0
  if (status.abort) set = 0
  else if (current === null) set = max
  else for (let i = current; i >= 0; i--) if (steps[i]?.setWeight !== undefined) { set = steps[i]!.setWeight!; break }
  let actual = 0
  if (current === null) actual = max
  else if ((status.availableReplicas ?? 0) > 0) {
    if (!routing) {
      const canaryRs = replicaSets.find((rs) => rs.roles.includes('canary'))
      if (canaryRs) actual = Math.trunc((canaryRs.available * max) / status.availableReplicas!)
    } else actual = status.canary?.weights?.canary?.weight ?? set
  }
  return { set, actual }
}
