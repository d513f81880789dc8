import { errorMessage, UserError } from '../base/errors'
import type { PropagationPolicy } from '../kube/kube-api'
import type { K8sObject } from '../base/objects'
import type { PlanOptions } from './plan'

/** Everything one sync operation is given: what to apply and prune, and how. */
export interface SyncRequest {
  /** Fail before anything is done, with this message (FailOnSharedResource=true found one). */
  failBefore?: string
  targets: K8sObject[]
  /** The context it syncs to, named in the message when its cluster cannot be reached. */
  context?: string
  /** Live objects that Git no longer has (prune candidates). */
  extras: K8sObject[]
  prune: boolean
  dryRun: boolean
  /** Delete and re-create what cannot be updated (argocd app sync --force). */
  force: boolean
  plan: PlanOptions
  /** The app's syncOptions; a resource's own annotation wins over them. */
  appSyncOptions?: string[]
  /** CreateNamespace=true: the destination namespace, created before the dry run. */
  createNamespace?: string
  /** managedNamespaceMetadata: the labels and annotations of the created namespace. */
  namespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }
  /** PrunePropagationPolicy (default foreground, as Argo CD). */
  propagation?: PropagationPolicy
  /** A prune that would leave the app with nothing is refused unless this is set (allowEmpty). */
  allowEmpty?: boolean
  /** The user confirmed the prunes that ask for it (Prune=confirm). */
  pruneConfirmed?: boolean
  /** The most tasks of one step at once (default: all; their requests wait for places under the cluster's adaptive limit). */
  parallelism?: number
  /** Keys whose server dry run a compare has just made against the same live version: not sent again. */
  freshDryRuns?: Set<string>
  /** Keys of new ConfigMaps and Secrets the API server takes as they are: checked locally when the cluster allows (local-checks.ts). */
  localCandidates?: Set<string>
  /** How long to wait for one wave (or hook) to become healthy. */
  waveTimeoutMs?: number
  pollMs?: number
}

/** What step() did: whether the operation is over, and how long to wait before the next step. */
export interface StepResult {
  done: boolean
  waitMs: number
}


/** What the client says when no answer came at all (not an error status from the server). */
const unreachableCause = /cannot reach the cluster|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|socket hang up/

/**
 * Why a step threw, for an operation that ends Error (as in Argo CD). An unreachable cluster is
 * said as such, with the context: the cluster went away mid-operation.
 */
export function stepFailure(error: unknown, context: string | undefined): string {
  const unreachable = error instanceof UserError && error.code === 'Unavailable' && unreachableCause.test(error.message)
  return unreachable ? `${context ? `cluster ${context}` : 'the cluster'} could not be reached mid-operation: ${errorMessage(error)}` : errorMessage(error)
}
