import type { DeskEvent, Notification, TreeNode } from '../../../shared/model'
import type { Application } from '../model/app-schema'
import type { LiveCache } from '../cache/live-cache'
import type { ConnectionStatus } from '../clusters/connection'
import type { CompareResult } from '../diff/compare'
import type { CompareTargetsOptions } from './compare-app'
import type { K8sObject } from '../base/objects'
import type { RenderedApp } from '../render/render-app'
import type { RenderOptions } from '../render/render-service'
import type { DeskStore, HistoryEntry } from '../store/desk-store'
import type { Operations } from '../sync/operations'
import type { EventBus } from './events'
import type { HealthChecks } from '../health/custom-health'
import type { splitTargets } from '../render/targets'

/**
 * What the reconcile controller needs from the rest of the engine, as small interfaces (the
 * engine satisfies them structurally; a unit test can fake one at a time). Nothing here names
 * the Engine facade, so reconcile/ depends only on the layers below it.
 */

/** The desk's stored state, its history and where events and notifications go. */
export interface DeskState {
  readonly store: DeskStore
  readonly events: EventBus
  history(appName: string): HistoryEntry[]
  emit(event: DeskEvent): void
  notify(notification: Notification): void
}

/** The operations (syncs) the controller watches and auto-sync starts. */
export interface OperationRunner {
  readonly operations: Pick<Operations, 'onFinished' | 'interruptedOf' | 'current' | 'runningApps' | 'start' | 'wait'>
}

/** The part of a live cache the controller reads and listens to. */
export type LiveState = Pick<LiveCache, 'get' | 'ownedBy' | 'onChange' | 'onConnectionLost' | 'retryNow'>

/** Clusters: where an app deploys, whether its cluster answers, and its watch cache. */
export interface ClusterAccess {
  loadContexts(): Promise<{ resolve(destination: Application['spec']['destination']): string }>
  checkConnection(context: string): Promise<ConnectionStatus>
  probeConnection(context: string, timeoutMs: number): Promise<ConnectionStatus>
  liveCache(context: string): LiveState
}

/** Render, compare and the views built from live state (an app's tree, a namespace's objects). */
export interface AppComparison {
  render(app: Application, options: Pick<RenderOptions, 'hard' | 'maxFetchAgeMs' | 'fetchedSince' | 'stages'>): Promise<Pick<RenderedApp, 'objects' | 'sources'>>
  readonly repos: { commitMessage(repoURL: string, commit: string): Promise<string> }
  splitTargets(objects: K8sObject[], context: string): Promise<ReturnType<typeof splitTargets>>
  compareTargets(app: Application, objects: K8sObject[], options: CompareTargetsOptions): Promise<CompareResult>
  resourceTree(context: string, resources: { key: string; status?: TreeNode['status'] }[]): Promise<TreeNode[]>
  namespaceObjects(context: string, namespace: string): Promise<K8sObject[]>
  /** The engine's health checks (its customizations included), for app status. */
  readonly health: Pick<HealthChecks, 'healthOf' | 'countsForAppHealth'>
}

/** Everything the controller uses; `Engine` is one. */
export type ReconcileEngine = DeskState & OperationRunner & ClusterAccess & AppComparison
