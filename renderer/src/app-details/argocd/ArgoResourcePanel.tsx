import { useCallback, useEffect, useState } from 'react'
import type { ClusterInfo, GitopsApi, TreeNode } from '../../../../shared/api'
import { errorText } from '../../state/errors'
import { ResourcePanel } from '../../resources/ResourcePanel'
import { useResourceDialogs } from '../../resources/use-resource-dialogs'
import type { ResourceTab } from '../../shell/route'

interface Props {
  api: GitopsApi
  /** The Argo CD app's id (argocd@…): the resource commands read its tree through it. */
  id: string
  clusters: ClusterInfo[]
  resource: string
  node: TreeNode | undefined
  tab: ResourceTab
  onTab(tab: ResourceTab): void
  onClose(): void
  /** The Diff tab's "Open in the diff view": the app's diff on its own page. */
  onDiff(): void
  onNotice(message: string | null): void
  onError(message: string | null): void
}

/**
 * The resource panel local apps have, on a resource of an Argo CD app: live manifest, events,
 * logs, the diff when its target renders here, and Argo CD's resource actions (asked first; a
 * protected context of the resource's cluster asks for its typed name). Nothing else changes it.
 */
export function ArgoResourcePanel(props: Props) {
  const { api, id, resource, onNotice, onError } = props
  // The cluster the resource lives in (the app's destination), which the action's consent names.
  const [context, setContext] = useState<string | undefined>(undefined)
  useEffect(() => {
    let cancelled = false
    api.resourceDetails(id, resource).then((d) => !cancelled && setContext(d.context), () => undefined)
    return () => void (cancelled = true)
  }, [api, id, resource])
  const act = useCallback(
    async (label: string, action: () => Promise<void>) => {
      onError(null)
      onNotice(label)
      try {
        await action()
      } catch (e) {
        onNotice(null)
        onError(errorText(e))
      }
    },
    [onError, onNotice],
  )
  const isProtected = !!context && props.clusters.some((c) => c.name === context && c.protected)
  const dialogs = useResourceDialogs({ api, app: id, context, isProtected, act, onNotice: (m) => onNotice(m), onError })
  return (
    <>
      <ResourcePanel
        api={api}
        app={id}
        argoApp
        resource={resource}
        node={props.node}
        tab={props.tab}
        onTab={props.onTab}
        onClose={props.onClose}
        onDiff={props.onDiff}
        onActions={dialogs.openActions}
        onDelete={() => undefined}
        />
      {dialogs.dialogs}
    </>
  )
}
