import { useCallback, useState, type ReactNode } from 'react'
import type { GitopsApi } from '../../../shared/api'
import type { PropagationPolicy, ResourceAction } from '../../../shared/model'
import { errorText } from '../state/errors'
import { DeleteResourceDialog } from './DeleteResourceDialog'
import { ResourceActions } from './ResourceActions'

interface Options {
  api: GitopsApi
  app: string
  /** The app's context (absent until its status loads) and whether it is protected. */
  context: string | undefined
  isProtected: boolean
  /** Runs one confirmed user command (busy line, error, reload after). */
  act(label: string, action: () => Promise<void>): Promise<void>
  onNotice(message: string): void
  onError(message: string | null): void
}

/**
 * The Actions and Delete dialogs of one resource, opened from the tree, the list or the resource
 * panel: modal, above the panel. Nothing runs until the dialog's own button is pressed.
 */
export function useResourceDialogs(o: Options): { openActions(key: string, action?: string): void; openDelete(key: string): void; dialogs: ReactNode } {
  const { api, app, act, onNotice, onError } = o
  const [deleting, setDeleting] = useState<string | null>(null)
  const [actions, setActions] = useState<{ key: string; actions: ResourceAction[]; chosen?: string } | null>(null)
  /** Opens the actions of one resource (asked of the engine: which apply now), or one of them to confirm. */
  const openActions = useCallback(
    (key: string, action?: string) => {
      onError(null)
      api.resourceActions(app, key).then((list) => setActions({ key, actions: list, ...(action ? { chosen: action } : {}) }), (e: unknown) => onError(errorText(e)))
    },
    [api, app, onError],
  )
  const run = (key: string, action: string, consent: { context?: string }, params: Record<string, string>) => {
    setActions(null)
    void act(`Running ${action}…`, async () => {
      const result = await api.runResourceAction(app, key, action, { ...(consent.context ? { consent } : {}), ...(Object.keys(params).length ? { params } : {}) })
      onNotice(result.message)
    })
  }
  const remove = (key: string, propagation: PropagationPolicy, consent: { context?: string }) => {
    setDeleting(null)
    void act(`Deleting ${key}…`, async () => onNotice((await api.deleteResource(app, key, { propagation, ...(consent.context ? { consent } : {}) })).message))
  }
  const context = o.context
  const dialogs = context ? (
    <>
      {deleting && <DeleteResourceDialog resource={deleting} context={context} isProtected={o.isProtected} onClose={() => setDeleting(null)} onDelete={(propagation, consent) => remove(deleting, propagation, consent)} />}
      {actions && <ResourceActions resource={actions.key} context={context} isProtected={o.isProtected} actions={actions.actions} chosen={actions.chosen} onClose={() => setActions(null)} onRun={(action, consent, params) => run(actions.key, action, consent, params)} />}
    </>
  ) : null
  return { openActions, openDelete: setDeleting, dialogs }
}
