import { useState } from 'react'
import type { GitopsApi, SyncConsent } from '../../../shared/api'
import { errorText } from '../state/errors'
import { Modal } from '../ui/Modal'
import { TypedConfirmation } from '../ui/TypedConfirmation'

export interface SyncPolicy {
  automated: boolean
  prune: boolean
  selfHeal: boolean
}

interface Props {
  api: GitopsApi
  app: string
  policy: SyncPolicy
  /** Where auto-sync acts, and whether it is protected (its name is typed to turn auto-sync on). */
  context: string
  isProtected: boolean
  /** Why the policy cannot be changed here (a generated app: its ApplicationSet owns it), or null. */
  locked: string | null
  onSaved(): void
  onError(message: string): void
}

const labels: Record<keyof SyncPolicy, string> = { automated: 'Auto-sync', prune: 'Prune', selfHeal: 'Self-heal' }
const effects: Record<keyof SyncPolicy, string> = {
  automated: 'syncs it whenever Git and the cluster differ, starting now if they do',
  prune: 'lets auto-sync delete resources that are no longer in Git',
  selfHeal: 'lets auto-sync undo changes made in the cluster',
}

/**
 * The app's automated sync policy as three switches that write the Application
 * (`argocd app set --sync-policy automated --auto-prune --self-heal`). Turning one on can change
 * the cluster: it asks first, and turning auto-sync on to a protected context asks for its name.
 * Turning one off changes nothing in the cluster and is saved at once.
 */
export function SyncPolicyToggles(props: Props) {
  const [asking, setAsking] = useState<keyof SyncPolicy | null>(null)
  const [saving, setSaving] = useState(false)
  const save = async (next: SyncPolicy, consent: SyncConsent = {}) => {
    setSaving(true)
    try {
      await props.api.setSyncPolicy(props.app, next, consent)
      props.onSaved()
    } catch (e) {
      props.onError(errorText(e))
    } finally {
      setSaving(false)
    }
  }
  const toggle = (field: keyof SyncPolicy) => {
    const on = !props.policy[field]
    if (on) setAsking(field)
    else void save(field === 'automated' ? { automated: false, prune: false, selfHeal: false } : { ...props.policy, [field]: false })
  }
  return (
    <span className="policy-toggles" role="group" aria-label="Sync policy">
      {(Object.keys(labels) as (keyof SyncPolicy)[]).map((field) => {
        const off = field !== 'automated' && !props.policy.automated
        return (
          <button
            key={field}
            role="switch"
            className="switch"
            aria-checked={props.policy[field]}
            disabled={saving || !!props.locked || off}
            title={props.locked ?? (off ? `${labels[field]} applies only while auto-sync is on` : undefined)}
            onClick={() => toggle(field)}
          >
            <span className="switch-track" aria-hidden="true" />
            {labels[field]}
          </button>
        )
      })}
      {asking && (
        <ConfirmPolicy
          field={asking}
          app={props.app}
          context={props.context}
          needsName={asking === 'automated' && props.isProtected}
          onClose={() => setAsking(null)}
          onConfirm={(consent) => {
            setAsking(null)
            void save({ ...props.policy, [asking]: true }, consent)
          }}
        />
      )}
    </span>
  )
}

function ConfirmPolicy(props: { field: keyof SyncPolicy; app: string; context: string; needsName: boolean; onClose(): void; onConfirm(consent: SyncConsent): void }) {
  const [typed, setTyped] = useState('')
  const ready = !props.needsName || typed === props.context
  const label = labels[props.field]
  return (
    <Modal
      kind="alert"
      title={`Turn on ${label.toLowerCase()} for ${props.app}?`}
      description={`${label} ${effects[props.field]} (on ${props.context}). This changes spec.syncPolicy of the Application.`}
      onClose={props.onClose}
      actions={
        <button className="primary" disabled={!ready} onClick={() => props.onConfirm(props.needsName ? { context: typed } : {})}>
          Turn on {label.toLowerCase()}
        </button>
      }
    >
      {props.needsName && <TypedConfirmation why={`${props.context} is a protected context.`} word={props.context} label="Confirm context name" value={typed} onChange={setTyped} />}
    </Modal>
  )
}
