import { execFileSync } from 'node:child_process'
import { inject } from 'vitest'

/** Which kubectl binary and kubeconfig to use; by default the test ground's (from the global setup). */
export interface KubectlGround {
  kubectl: string
  kubeconfig: string
}

/** kubectl bound to one context: `kubectl('get', 'ns')`; `.run(args, input)` feeds stdin; `.json(...)` parses `-o json`. */
export interface Kubectl {
  (...args: string[]): string
  run(args: readonly string[], input?: string): string
  json<T = unknown>(...args: string[]): T
}

const theGround = (): KubectlGround => ({ kubectl: inject('groundBinaries').kubectl, kubeconfig: inject('kubeconfig') })

/**
 * Runs kubectl against one context of the ground and returns its stdout. A failure throws an error
 * whose message carries kubectl's stderr (execFileSync's "Command failed: …" followed by it), and
 * it has `stderr` and `status` as execFileSync's errors do.
 */
export function runKubectl(context: string, args: readonly string[], input?: string, ground: KubectlGround = theGround()): string {
  return execFileSync(ground.kubectl, ['--kubeconfig', ground.kubeconfig, '--context', context, ...args], {
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
  })
}

/** kubectl bound to one context (and, outside the vitest ground, to a kubectl and kubeconfig). */
export function kubectlOn(context: string, ground?: KubectlGround): Kubectl {
  const run = (args: readonly string[], input?: string) => runKubectl(context, args, input, ground ?? theGround())
  return Object.assign((...args: string[]) => run(args), {
    run,
    json: <T = unknown>(...args: string[]) => JSON.parse(run([...args, '-o', 'json'])) as T,
  })
}

/** kubectl with the context first: `kubectl('ground-2', '-n', 'x', 'get', 'pods')`. */
export function kubectl(context: string, ...args: string[]): string {
  return runKubectl(context, args)
}
