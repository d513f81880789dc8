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
