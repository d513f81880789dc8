import { useCallback, useEffect, useState } from 'react'
import type { GitopsApi, NotificationsView } from '../../../shared/api'
import { errorText } from '../state/errors'
import { Choice } from '../ui/Choice'

const sources = [
  { value: 'yaml', label: 'YAML' },
  { value: 'context', label: 'a running Argo CD' },
] as const

type Message = { kind: 'error' | 'ok'; text: string }

/**
 * Argo CD's notifications: the services and triggers in force (the imported
 * argocd-notifications-cm, else Argo CD's catalog), which triggers reach the desktop, the
 * secret's keys (values go to the keychain and never come back), and deliveries that failed.
 */
export function Notifications({ api, contexts, onMessage }: { api: GitopsApi; contexts: string[]; onMessage(m: Message): void }) {
  const [view, setView] = useState<NotificationsView | null>(null)
  const load = useCallback(async () => setView(await api.notifications()), [api])
  useEffect(() => void load().catch((e: unknown) => onMessage({ kind: 'error', text: errorText(e) })), [load, onMessage])
  // Failed deliveries change while the page is open: the engine says when.
  useEffect(() => api.onEvents((events) => events.some((e) => e.type === 'notification-deliveries') && void load().catch(() => undefined)), [api, load])
  // A command's result shows in this section, beside what was clicked (the page's own message is
  // far above it on a long Settings page).
  const [result, setResult] = useState<Message | null>(null)
  const run = async (work: () => Promise<NotificationsView>, done: string): Promise<boolean> => {
    try {
      setView(await work())
      setResult({ kind: 'ok', text: done })
      return true
    } catch (e) {
      setResult({ kind: 'error', text: errorText(e) })
      return false
    }
  }
  if (!view) return null
  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <p className="muted small">
        Argo CD&apos;s notifications: triggers (expr-lang conditions) over each app&apos;s state, Go templates, subscriptions by annotation. In force: <strong>{view.source}</strong>. The desktop gets the triggers marked below; apps subscribe to the config&apos;s services with <span className="mono">notifications.argoproj.io/subscribe.TRIGGER.SERVICE</span>. Apps of an Argo CD instance (argocd@…) are notified by that Argo CD, not from here.
      </p>
      <ServicesTable view={view} />
      <TriggersTable view={view} />
      <FailedDeliveries view={view} onRetry={(id) => void run(() => api.retryNotification(id), 'Tried again')} onDismiss={(id) => void run(() => api.dismissNotification(id), 'Dismissed')} />
      <ImportForm contexts={contexts} onImport={(request) => run(() => (request.kind === 'yaml' ? api.importNotifications(request.configMap, request.secret || undefined) : api.importNotificationsFrom(request.context, request.namespace || undefined)), 'Notifications config imported')} />
      {result && (
        <p className={result.kind === 'error' ? 'error' : 'muted small'} role={result.kind === 'error' ? 'alert' : 'status'}>
          {result.text}
        </p>
      )}
      {view.custom && (
        <button className="quiet danger" onClick={() => void run(() => api.resetNotifications(), "Back to Argo CD's catalog")}>
          Use Argo CD&apos;s catalog instead
        </button>
      )}
    </section>
  )
}

function ServicesTable({ view }: { view: NotificationsView }) {
  return (
    <table aria-label="Notification services">
      <thead>
        <tr>
          <th>Service</th>
          <th>Type</th>
          <th>Secrets it uses</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td className="mono">desktop</td>
          <td>desktop notifications</td>
          <td>—</td>
        </tr>
        {view.services.map((s) => (
          <tr key={s.name}>
            <td className="mono">{s.name}</td>
            <td>{s.type}</td>
            <td>{s.secrets.map((k) => `$${k}${view.secretKeys.includes(k) ? ' (set)' : ' (not in the secret)'}`).join(', ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function TriggersTable({ view }: { view: NotificationsView }) {
  return (
    <table aria-label="Notification triggers">
      <thead>
        <tr>
          <th>Trigger</th>
          <th>Sends</th>
          <th>Desktop</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {view.triggers.map((t) => (
          <tr key={t.name}>
            <td className="mono">{t.name}</td>
            <td>{t.templates.join(', ')}</td>
            <td>{t.desktop ? 'yes' : '—'}</td>
            <td>{t.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function FailedDeliveries({ view, onRetry, onDismiss }: { view: NotificationsView; onRetry(id: string): void; onDismiss(id: string): void }) {
  if (view.failures.length === 0) return <p className="muted small">No failed deliveries.</p>
  return (
    <table aria-label="Failed notification deliveries">
      <thead>
        <tr>
          <th>Service</th>
          <th>Trigger</th>
          <th>App</th>
          <th>Tries</th>
          <th>Last error</th>
          <th>Next try</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {view.failures.map((f) => (
          <tr key={f.id}>
            <td className="mono">{f.recipient ? `${f.service}:${f.recipient}` : f.service}</td>
            <td className="mono">{f.trigger}</td>
            <td>{f.app}</td>
            <td>{f.attempts}</td>
            <td className="small">{f.lastError}</td>
            <td>{f.nextRetryAt ? new Date(f.nextRetryAt).toLocaleTimeString() : 'gave up'}</td>
            <td>
              <button className="quiet" onClick={() => onRetry(f.id)}>Retry now</button>
              <button className="quiet danger" onClick={() => onDismiss(f.id)}>Dismiss</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type ImportRequest = { kind: 'yaml'; configMap: string; secret: string } | { kind: 'context'; context: string; namespace: string }

function ImportForm({ contexts, onImport }: { contexts: string[]; onImport(request: ImportRequest): Promise<boolean> }) {
  const [kind, setKind] = useState<'yaml' | 'context'>('yaml')
  const [configMap, setConfigMap] = useState('')
  const [secret, setSecret] = useState('')
  const [context, setContext] = useState(contexts[0] ?? '')
  const [namespace, setNamespace] = useState('argocd')
  return (
    <form
      className="app-form"
      aria-label="Import notifications config"
      onSubmit={(e) => {
        e.preventDefault()
        // The secret goes once it is in the keychain; after a failure it stays to be corrected.
        void onImport(kind === 'yaml' ? { kind, configMap, secret } : { kind, context, namespace }).then((imported) => imported && setSecret(''))
      }}
    >
      <Choice label="Import argocd-notifications-cm from" value={kind} options={sources} onChange={setKind} />
      {kind === 'yaml' ? (
        <>
          <label>
            argocd-notifications-cm <textarea aria-label="argocd-notifications-cm" required value={configMap} onChange={(e) => setConfigMap(e.target.value)} rows={4} />
          </label>
          <label>
            argocd-notifications-secret (optional; its values go to the keychain) <textarea aria-label="argocd-notifications-secret (optional; its values go to the keychain)" value={secret} onChange={(e) => setSecret(e.target.value)} rows={2} autoComplete="off" />
          </label>
        </>
      ) : (
        <>
          <label>
            Context <input required list="notification-contexts" value={context} onChange={(e) => setContext(e.target.value)} />
            <datalist id="notification-contexts">
              {contexts.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          <label>
            Namespace <input value={namespace} onChange={(e) => setNamespace(e.target.value)} />
          </label>
        </>
      )}
      <button type="submit">Import notifications config</button>
    </form>
  )
}
