import { createMergePatch } from '../base/merge-patch'
import { UserError } from '../base/errors'
import type { KubeApi } from '../kube/kube-api'
import { resourceKey, type K8sObject } from '../base/objects'
import type { ActionOperation } from './types'

/**
 * Carries out an action's operations as Argo CD does: a patch is the JSON merge patch from the
 * live object to the changed one; a change to status goes to the status subresource first (a
 * custom resource without one takes the whole patch), the rest as a normal patch. A create makes
 * a new object (an existing one is an error). Returns what was done, one line each.
 */
export async function runOperations(client: KubeApi, live: K8sObject, operations: ActionOperation[], dryRun: boolean): Promise<string[]> {
  const done: string[] = []
  for (const { operation, resource } of operations) {
    const key = resourceKey(resource)
    if (operation === 'create') {
      await client.create(resource, { dryRun })
      done.push(`created ${key}`)
      continue
    }
    // Argo CD patches only the object the action runs on.
    if (key !== resourceKey(live)) throw new UserError('Invalid', `the action patches ${key}, but may patch only ${resourceKey(live)}`, key)
    const patch = createMergePatch(live, resource) as Record<string, unknown>
    if (Object.keys(patch).length === 0) {
      done.push(`${key} already as the action leaves it`)
      continue
    }
    let rest: Record<string, unknown> | null = patch
    if (patch.status !== undefined) {
      try {
        await client.mergePatch(live, patch, { dryRun, subresource: 'status' })
        const { status: _status, ...others } = patch
        rest = Object.keys(others).length ? others : null
      } catch (error) {
        // No status subresource: the API server answers 404, and the whole patch goes to the object.
        if (!(error instanceof UserError && error.code === 'NotFound')) throw error
      }
    }
    if (rest) await client.mergePatch(live, rest, { dryRun })
    done.push(`patched ${key}`)
  }
  return done
}
