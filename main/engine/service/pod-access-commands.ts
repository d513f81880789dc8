import { isArgoAppId } from '../../../shared/argocd-model'
import type { PortForwardInfo, ShellSession } from '../../../shared/model'
import { UserError } from '../base/errors'
import type { K8sObject } from '../base/objects'
import { isPod } from '../resources/details'
import { ExecSessions, type ExecTarget, type OpenExec } from '../resources/exec-sessions'
import { containerOf, podPort, requireRunning, serviceBackend } from '../resources/pod-targets'
import { PortForwards, type Dial } from '../resources/port-forwards'
import type { Engine } from '../reconcile/engine'
import { requireContextConsent } from '../sync/consent'
import type { ResourceCommands } from './resource-commands'

export interface PodAccessDeps {
  engine: Engine
  /** The app's tree: a key outside it is refused. */
  resources: Pick<ResourceCommands, 'resolve'>
}

export interface ShellRequest {
  container?: string | undefined
  /** The command (default: bash if the container has it, else sh). */
  command?: string[] | undefined
  /** A terminal (default); false runs the command with plain stdout and stderr (`gitops-desk exec`). */
  tty?: boolean | undefined
  cols?: number | undefined
  rows?: number | undefined
  consent?: { context?: string | undefined } | undefined
}

/** What a shell runs when no command is given: the container's bash, else its sh (as Lens and Headlamp do). */
export const defaultShell = ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi']

/** Most shells open at once: a window that never closed its shells cannot pile them up. */
const maxShells = 20

const podKind = { apiVersion: 'v1', kind: 'Pod' }

/** The resource panel of an Argo CD app reads and runs Argo CD's actions only (issue 36): no shell or port-forward into its pods. */
function refuseArgoApp(name: string, what: string): void {
  if (isArgoAppId(name)) throw new UserError('Invalid', `${name} is an Argo CD app: ${what} is not offered on its resources`, name)
}

/**
 * Reaching into the pods of an app: a shell in a container (exec) and port-forwards to a Pod or
 * a Service. Only pods of the app's tree (and for a Service, the pods it selects) are reached,
 * with the kubeconfig's credentials. A shell can change anything in its container, so a
 * protected context needs its name typed, as for a sync; a port-forward only reads, on
 * 127.0.0.1.
 */
export class PodAccessCommands {
  readonly shells: ExecSessions
  readonly forwards: PortForwards

  constructor(private readonly deps: PodAccessDeps) {
    this.shells = new ExecSessions((event) => deps.engine.emit(event))
    this.forwards = new PortForwards((event) => deps.engine.emit(event))
  }

  async openShell(name: string, key: string, request: ShellRequest = {}): Promise<ShellSession> {
    refuseArgoApp(name, 'a shell')
    const { context, live } = await this.deps.resources.resolve(name, key)
    const pod = this.requirePod(key, live)
    requireRunning(pod)
    const container = containerOf(pod, request.container)
    requireContextConsent(context, this.deps.engine.store.read().settings.protectedContexts, request.consent ? { consent: request.consent } : {}, 'a shell')
    if (this.shells.size >= maxShells) throw new UserError('Conflict', `${maxShells} shells are open: close one first`, key)
    const target: ExecTarget = { namespace: pod.metadata.namespace ?? 'default', pod: pod.metadata.name ?? '', container, command: request.command?.length ? request.command : defaultShell, tty: request.tty ?? true }
    const open = this.openExec(context)
    const session = await this.shells.start(target, async (t, onOutput, onEnd) => {
      const handle = await open(t, onOutput, onEnd)
      if (t.tty && request.cols && request.rows) handle.resize(request.cols, request.rows)
      return handle
    })
    return { session, context, namespace: target.namespace, pod: target.pod, container, command: target.command }
  }

  shellInput(session: string, data: string): boolean {
    return this.shells.write(session, data)
  }

  resizeShell(session: string, cols: number, rows: number): boolean {
    return this.shells.resize(session, cols, rows)
  }

  closeShell(session: string): boolean {
    return this.shells.stop(session)
  }

  /**
   * Forwards 127.0.0.1:localPort (a free one when not given) to a Pod's port, or to a Service's
   * port through one of its running pods (chosen once, as kubectl does). A port in use is refused.
   */
  async startPortForward(name: string, key: string, request: { remotePort: number | string; localPort?: number | undefined }): Promise<PortForwardInfo> {
    refuseArgoApp(name, 'a port-forward')
    const { context, live } = await this.deps.resources.resolve(name, key)
    if (!live) throw new UserError('NotFound', `${key} is Missing: nothing to forward to`, key)
    let pod: K8sObject
    let remotePort: number
    if (isPod(live)) {
      requireRunning(live)
      pod = live
      remotePort = podPort(live, request.remotePort)
    } else if (live.apiVersion === 'v1' && live.kind === 'Service') {
      const namespace = live.metadata.namespace ?? 'default'
      const cache = this.deps.engine.liveCache(context)
      await cache.ensureWatching([podKind], namespace)
      ;({ pod, port: remotePort } = serviceBackend(live, cache.inNamespace(namespace, podKind), request.remotePort))
    } else throw new UserError('Invalid', `a ${live.kind} has no ports to forward (a Pod or a Service has)`, key)
    const target = { namespace: pod.metadata.namespace ?? 'default', pod: pod.metadata.name ?? '', port: remotePort }
    return this.forwards.start({ app: name, resource: key, context, namespace: target.namespace, pod: target.pod, remotePort, ...(request.localPort ? { localPort: request.localPort } : {}) }, this.dial(context, target))
  }

  listPortForwards(): PortForwardInfo[] {
    return this.forwards.list()
  }

  stopPortForward(id: string): Promise<boolean> {
    return this.forwards.stop(id)
  }

  /** A closed window's shells (its page cannot reach them again). */
  closeShells(): void {
    this.shells.stopAll()
  }

  /** The engine closes: every shell and port-forward ends; closing awaits the listeners. */
  async close(): Promise<void> {
    this.shells.stopAll()
    await this.forwards.close()
  }

  private requirePod(key: string, live: K8sObject | null): K8sObject {
    if (!live) throw new UserError('NotFound', `${key} is Missing: no container to open a shell in`, key)
    if (!isPod(live)) throw new UserError('Invalid', `a shell opens in a Pod's container, not in a ${live.kind}: open one of its pods`, key)
    return live
  }

  private openExec(context: string): OpenExec {
    const config = this.deps.engine.contexts.configFor(context, { forWatches: true })
    const { openPodExec } = this.deps.engine.clusters.runtime()
    return (target, onOutput, onEnd) => openPodExec(config, target, (text) => onOutput(text), onEnd)
  }

  private dial(context: string, target: { namespace: string; pod: string; port: number }): Dial {
    const config = this.deps.engine.contexts.configFor(context, { forWatches: true })
    const { forwardConnection } = this.deps.engine.clusters.runtime()
    return (local, onClose) => forwardConnection(config, target, local, onClose)
  }
}
