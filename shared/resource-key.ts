/** The parts of a resource key, `group/kind/namespace/name` (empty group: the core group; empty namespace: cluster-scoped). */
export interface ResourceKeyParts {
  group: string
  kind: string
  namespace: string
  name: string
}

/** Reads a resource key, as the engine writes it (main/engine/base/objects.ts resourceKey). */
export function parseResourceKey(key: string): ResourceKeyParts {
  const [group = '', kind = '', namespace = '', ...name] = key.split('/')
  return { group, kind, namespace, name: name.join('/') }
}
