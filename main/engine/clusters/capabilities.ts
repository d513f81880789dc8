import { ApisApi, CoreApi, CoreV1Api, CustomObjectsApi, VersionApi, type KubeConfig } from '@kubernetes/client-node'
import pLimit from 'p-limit'

/** What Helm's `--kube-version` and `--api-versions` say of a cluster, as Argo CD passes them. */
export interface ClusterCapabilities {
  /** `MAJOR.MINOR`, as Argo CD's cluster cache reports the server version. */
  kubeVersion: string
  /** Every served group version, and each `group/version/Kind` (Argo CD's APIResourcesToStrings). */
  apiVersions: string[]
}

/** Discovery of one cluster: its version and every group version with its kinds (subresources aside). */
export async function readCapabilities(config: KubeConfig): Promise<ClusterCapabilities> {
  const code = await config.makeApiClient(VersionApi).getCode()
  const kubeVersion = `${code.major.replace(/\D/g, '')}.${code.minor.replace(/\D/g, '')}`
  const core = await config.makeApiClient(CoreApi).getAPIVersions()
  const groups = await config.makeApiClient(ApisApi).getAPIVersions()
  const groupVersions = [...core.versions, ...groups.groups.flatMap((g) => g.versions.map((v) => v.groupVersion))]
  const custom = config.makeApiClient(CustomObjectsApi)
  const coreV1 = config.makeApiClient(CoreV1Api)
  const limit = pLimit(8)
  const strings = new Set<string>()
  await Promise.all(
    groupVersions.map((gv) =>
      limit(async () => {
        strings.add(gv)
        const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv]
        try {
          const list = group ? await custom.getAPIResources({ group: group!, version: version! }) : await coreV1.getAPIResources()
          for (const r of list.resources) if (!r.name.includes('/')) strings.add(`${gv}/${r.kind}`)
        } catch {
          // A group version that cannot be listed (an aggregated API that is down) still counts.
        }
      }),
    ),
  )
  return { kubeVersion, apiVersions: [...strings].sort() }
}

/**
 * The kinds a namespace can hold that can be listed and watched, at each group's preferred
 * version (what Argo CD's cluster cache watches); Events and subresources aside.
 */
export async function namespacedKinds(config: KubeConfig): Promise<{ apiVersion: string; kind: string }[]> {
  const groups = await config.makeApiClient(ApisApi).getAPIVersions()
  const preferred = ['v1', ...groups.groups.map((g) => g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion).filter((v): v is string => !!v)]
  const custom = config.makeApiClient(CustomObjectsApi)
  const coreV1 = config.makeApiClient(CoreV1Api)
  const limit = pLimit(8)
  const kinds = await Promise.all(
    preferred.map((gv) =>
      limit(async () => {
        const [group, version] = gv.includes('/') ? gv.split('/') : ['', gv]
        try {
          const list = group ? await custom.getAPIResources({ group: group!, version: version! }) : await coreV1.getAPIResources()
          return list.resources.filter((r) => r.namespaced && !r.name.includes('/') && r.verbs.includes('list') && r.verbs.includes('watch') && r.kind !== 'Event').map((r) => ({ apiVersion: gv, kind: r.kind }))
        } catch {
          return [] // an aggregated API that is down: its kinds are not watched
        }
      }),
    ),
  )
  return kinds.flat()
}
