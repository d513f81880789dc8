import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseResourceKey } from '../../main/engine/base/objects'
import type { DeskService } from '../../main/engine/service/desk-service'
import type { AppDeletion } from '../../shared/model'
import { runKubectl } from '../support/kubectl'

/** What both tools say of one app, in the same terms, namespaces left out (each side has its own). */
export interface Observed {
  sync: string
  /** The commit compared. */
  revision?: string
  health: string
  /** group/Kind/name → "sync health" */
  resources: Record<string, string>
  /** The last operation: phase, and each applied (non-hook) resource's result. */
  operation?: { phase: string; results: Record<string, string> }
  /** group/Kind/name → the live object as compared (see liveDigest), when asked for. */
  live?: Record<string, string>
}

// Bookkeeping each tool writes in its own way (tracking, the apply method's record), and values
// the API server picks per object (a Service's cluster IP): left out of the live comparison.
const bookkeeping = ['argocd.argoproj.io/tracking-id', 'kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision']

/**
 * What a user sees of a live object once synced: labels, annotations and everything but status
 * and server metadata, with the app's name and namespace read as APP (each side has its own).
 */
export function liveDigest(obj: Record<string, unknown> & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } }, app: string): string {
  const { metadata, status: _status, apiVersion: _v, kind: _k, ...rest } = obj
  const annotations = Object.fromEntries(Object.entries(metadata?.annotations ?? {}).filter(([k]) => !bookkeeping.includes(k)))
  const spec = rest.spec as Record<string, unknown> | undefined
  if (spec) for (const key of ['clusterIP', 'clusterIPs']) delete spec[key]
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sorted(x)])) : v)
  return JSON.stringify(sorted({ labels: metadata?.labels ?? {}, annotations, ...rest })).split(app).join('APP')
}

const keyOf = (r: { group?: string; kind: string; name: string }, app = '') => `${r.group ?? ''}/${r.kind}/${app ? r.name.split(app).join('APP') : r.name}`

/** Argo CD on the ground: Applications in its namespace, read and driven with kubectl. */
export class ArgoSide {
  constructor(
    private readonly kubectlPath: string,
    private readonly kubeconfig: string,
    readonly namespace: string,
  ) {}

  kubectl(args: string[], input?: string): string {
    return runKubectl('ground-1', args, input, { kubectl: this.kubectlPath, kubeconfig: this.kubeconfig })
  }

  /** Creates (or replaces) an Application; destination: the cluster Argo CD runs in. */
  apply(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}, finalizers: string[] = []): void {
    const app = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: this.namespace, annotations: { ...annotations, 'argocd.argoproj.io/refresh': 'hard' }, ...(finalizers.length ? { finalizers } : {}) }, spec }
    this.kubectl(['apply', '-f', '-'], JSON.stringify(app))
  }

  private get(name: string): { status?: ArgoStatus; operation?: unknown } {
    return JSON.parse(this.kubectl(['-n', this.namespace, 'get', 'application', name, '-o', 'json'])) as { status?: ArgoStatus }
  }

  /** Starts a sync the way the argocd CLI does: by writing the Application's operation field. */
  sync(name: string, options: { prune?: boolean; syncOptions?: string[] } = {}): void {
    // As Argo CD's API server does for `argocd app sync`: the app's sync options go with the operation.
    const operation = { initiatedBy: { username: 'conformance' }, sync: { prune: options.prune ?? false, syncStrategy: { hook: {} }, ...(options.syncOptions ? { syncOptions: options.syncOptions } : {}) } }
    this.kubectl(['-n', this.namespace, 'patch', 'application', name, '--type', 'merge', '-p', JSON.stringify({ operation })])
  }

  refresh(name: string): void {
    this.kubectl(['-n', this.namespace, 'annotate', 'application', name, 'argocd.argoproj.io/refresh=normal', '--overwrite'])
  }

  /** The operation has ended and the app was compared again since (its status is not stale). */
  operationDone(name: string): boolean {
    const app = this.get(name)
    const op = app.status?.operationState
    const ended = !app.operation && !!op?.phase && op.phase !== 'Running' && op.phase !== 'Terminating'
    return ended && !!op.finishedAt && !!app.status?.reconciledAt && Date.parse(app.status.reconciledAt) >= Date.parse(op.finishedAt)
  }

  observe(app: string): Observed {
    const name = app
    const status = this.get(app).status ?? {}
    const op = status.operationState
    return {
      sync: status.sync?.status ?? '',
      revision: status.sync?.revision ?? '',
      health: status.health?.status ?? '',
      // Names made from the app's name (Helm's release name) are compared as APP.
      // Hooks are compared through the operation, as GitOps Desk lists only the app's own resources.
      resources: Object.fromEntries((status.resources ?? []).filter((r) => !r.hook).map((r) => [keyOf(r, name), `${r.status ?? ''} ${r.health?.status ?? '-'}`])),
      ...(op
        ? { operation: { phase: op.phase ?? '', results: Object.fromEntries((op.syncResult?.resources ?? []).filter((r) => !r.hookType).map((r) => [keyOf(r, name), r.status ?? ''])) } }
        : {}),
    }
  }

  exists(name: string): boolean {
    return this.kubectl(['-n', this.namespace, 'get', 'application', name, '--ignore-not-found', '-o', 'name']).trim() !== ''
  }

  delete(name: string): void {
    this.kubectl(['-n', this.namespace, 'delete', 'application', name, '--ignore-not-found', '--wait=false'])
  }
}

interface ArgoStatus {
  sync?: { status?: string; revision?: string }
  health?: { status?: string; message?: string }
  resources?: { group?: string; kind: string; name: string; status?: string; hook?: boolean; health?: { status?: string } }[]
  reconciledAt?: string
  operationState?: { phase?: string; finishedAt?: string; syncResult?: { resources?: { group?: string; kind: string; name: string; status?: string; hookType?: string }[] } }
}

/** GitOps Desk, in this process: the same Application under another name and namespace. */
export class DeskSide {
  constructor(readonly desk: DeskService) {}

  apply(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}, finalizers: string[] = []): void {
    this.desk.saveYaml(JSON.stringify({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}), ...(finalizers.length ? { finalizers } : {}) }, spec }), name)
  }

  /** Deletes the app the way deleting its Application does: its finalizer decides about its resources. */
  deleteApp(name: string): Promise<AppDeletion> {
    return this.desk.deleteApp(name, { consent: { resources: true } })
  }

  async sync(name: string, options: { prune?: boolean } = {}): Promise<void> {
    await this.desk.sync(name, { prune: options.prune ?? false })
    await this.desk.waitForOperation(name)
  }

  async observe(app: string): Promise<Observed> {
    const name = app
    const status = await this.desk.refresh(app)
    const op = this.desk.operation(app)
    return {
      sync: status?.sync ?? '',
      revision: status?.revision ?? '',
      health: status?.health ?? '',
      // Argo CD says OutOfSync of a resource that is missing or extra.
      resources: Object.fromEntries((status?.resources ?? []).map((r) => [keyOf(parseResourceKey(r.key), name), `${r.status === 'Extra' || r.status === 'Missing' ? 'OutOfSync' : r.status} ${r.health ?? '-'}`])),
      ...(op ? { operation: { phase: op.phase, results: Object.fromEntries(op.resources.filter((r) => r.action !== 'hook').map((r) => [keyOf(parseResourceKey(r.key), name), r.code])) } } : {}),
    }
  }
}

/**
 * The listed deviations (docs/deviations.md): `| case | field | values | reason |` rows; case `*`
 * is every case, a `*` in the field stands for any text, and values are "argo → desk" exactly
 * (the health suite also reads a `*` in a case or values as any text).
 */
export function deviations(): { case: string; field: RegExp; values: string; reason: string; text: string; matches(caseName: string, values: string): boolean }[] {
  const text = readFileSync(resolve(import.meta.dirname, '../../docs/deviations.md'), 'utf8')
  // `*` stands for any text in a row's case, field and values.
  const pattern = (cell: string) => new RegExp(`^${cell.replace(/`/g, '').split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
  const rows: ReturnType<typeof deviations> = []
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim())
    if (cells.length < 6 || cells[1] === 'case' || /^-+$/.test(cells[1] ?? '')) continue
    const [caseCell, fieldCell, valuesCell] = [cells[1]!, cells[2] ?? '', (cells[3] ?? '').replace(/`/g, '')]
    const casePattern = pattern(caseCell)
    const valuesPattern = pattern(valuesCell)
    rows.push({ case: caseCell, field: pattern(fieldCell), values: valuesCell, reason: cells[4] ?? '', text: line, matches: (caseName, values) => casePattern.test(caseName) && valuesPattern.test(values) })
  }
  return rows
}

/** Every field where the two sides disagree: field → "argo → desk". */
export function differences(argo: Observed, desk: Observed): Map<string, string> {
  const found = new Map<string, string>()
  const compare = (field: string, a: string | undefined, d: string | undefined) => a !== d && found.set(field, `${a ?? '(none)'} → ${d ?? '(none)'}`)
  compare('sync', argo.sync, desk.sync)
  compare('revision', argo.revision, desk.revision)
  compare('health', argo.health, desk.health)
  if (argo.live || desk.live) for (const key of new Set([...Object.keys(argo.live ?? {}), ...Object.keys(desk.live ?? {})])) compare(`live ${key}`, argo.live?.[key], desk.live?.[key])
  for (const key of new Set([...Object.keys(argo.resources), ...Object.keys(desk.resources)])) compare(`resource ${key}`, argo.resources[key], desk.resources[key])
  if (argo.operation || desk.operation) {
    compare('operation', argo.operation?.phase, desk.operation?.phase)
    const a = argo.operation?.results ?? {}
    const d = desk.operation?.results ?? {}
    for (const key of new Set([...Object.keys(a), ...Object.keys(d)])) compare(`result ${key}`, a[key], d[key])
  }
  return found
}
