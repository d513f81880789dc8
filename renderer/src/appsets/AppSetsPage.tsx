import { useCallback, useEffect, useState } from 'react'
import type { AppSetPlan, AppSetSummary, GitopsApi } from '../../../shared/api'
import { yamlProblems, type YamlProblem } from '../apps/editor-problems'
import { YamlEditor } from '../apps/YamlEditor'
import { YamlFileInput } from '../editor/YamlFileInput'
import { errorText } from '../state/errors'
import { AppLinks } from '../ui/AppLinks'

const example = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: guestbook
spec:
  generators:
  - clusters:
      selector:
        matchLabels: {env: dev}
  template:
    metadata:
      name: '{{name}}-guestbook'
    spec:
      project: default
      source:
        repoURL: https://github.com/argoproj/argocd-example-apps.git
        targetRevision: HEAD
        path: guestbook
      destination:
        name: '{{name}}'
        namespace: guestbook
`

/** A plan as a user reads it: each app created, changed (with its diff) or deleted, and what the policy holds back. */
function PlanView({ plan }: { plan: AppSetPlan }) {
  const nothing = plan.create.length + plan.update.length + plan.delete.length === 0
  return (
    <section aria-label={`Preview of ${plan.appset}`} className="appset-plan">
      <h3>{plan.appset}</h3>
      {nothing && <p className="muted">No change: {plan.unchanged.length} apps as generated.</p>}
      <ul>
        {plan.create.map((n) => (
          <li key={`c-${n}`} className="plan-create">
            + {n} <span className="muted">will be created</span>
          </li>
        ))}
        {plan.update.map((u) => (
          <li key={`u-${u.name}`} className="plan-update">
            ~ {u.name} <span className="muted">will change</span>
            <pre className="mono small">{u.diff.split('\n').slice(4).join('\n')}</pre>
          </li>
        ))}
        {plan.delete.map((n) => (
          <li key={`d-${n}`} className="plan-delete">
            − {n} <span className="muted">will be deleted (its resources only with your consent)</span>
          </li>
        ))}
        {(plan.invalid ?? []).map((i) => (
          <li key={`i-${i.name}`} className="plan-invalid">
            ! {i.name} <span>will not be created: {i.reason}</span>
          </li>
        ))}
        {plan.heldBack.map((h) => (
          <li key={`h-${h.name}`}>
            = {h.name} <span className="muted">not {h.change === 'update' ? 'updated' : 'deleted'} (applicationsSync: {h.policy})</span>
          </li>
        ))}
      </ul>
    </section>
  )
}

/**
 * ApplicationSets: each with its generators, policy and the apps it owns (grouped under it, opened
 * from here); a YAML editor whose Preview shows what would be created, changed and deleted
 * before anything is stored, then Apply.
 */
export function AppSetsPage({ api, onOpenApp }: { api: GitopsApi; onOpenApp(name: string): void }) {
  const [sets, setSets] = useState<AppSetSummary[]>([])
  const [text, setText] = useState('')
  const [plans, setPlans] = useState<AppSetPlan[] | null>(null)
  const [consent, setConsent] = useState(false)
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null)
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const load = useCallback(async () => setSets(await api.listAppSets()), [api])
  useEffect(() => void load().catch((e: unknown) => setMessage({ kind: 'error', text: errorText(e) })), [load])
  const run = async (work: () => Promise<string>) => {
    try {
      setMessage({ kind: 'ok', text: await work() })
      setProblems([])
      await load()
    } catch (e) {
      setMessage({ kind: 'error', text: errorText(e) })
      setProblems(yamlProblems(e))
    }
  }
  const edit = (next: string) => {
    setText(next)
    setPlans(null) // a preview is of the text as it was
  }
  return (
    <section className="settings" aria-label="ApplicationSets">
      <h1>ApplicationSets</h1>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind}>
          {message.text}
        </p>
      )}
      {sets.length === 0 ? (
        <p className="muted">No ApplicationSets yet. Paste one below, preview what it generates, then apply it.</p>
      ) : (
        <table aria-label="ApplicationSet list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Generators</th>
              <th>Policy</th>
              <th>Apps</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sets.map((s) => (
              <tr key={s.name}>
                <td>
                  {s.name}
                  {s.error && <div className="error small">generation failed: {s.error}</div>}
                  {s.held.map((h) => (
                    <div key={h.name} className="muted small">
                      held: {h.name}: {h.reason}
                    </div>
                  ))}
                </td>
                <td>
                  {s.generators.join(', ')} {s.goTemplate && <span className="muted">(goTemplate)</span>}
                </td>
                <td>
                  {s.policy}
                  {s.rollingSync && <span className="muted"> · RollingSync</span>}
                </td>
                <td>
                  <AppLinks names={s.apps} onOpenApp={onOpenApp} />
                </td>
                <td>
                  <button className="quiet" onClick={() => void run(async () => (edit((await api.getAppSet(s.name)).yaml), `Editing ${s.name} below`))}>Edit</button>{' '}
                  <button className="quiet danger" onClick={() => void run(async () => `Deleted ${s.name}; kept as apps: ${(await api.deleteAppSet(s.name, { keepApps: true })).kept.join(', ') || 'none'}`)}>Delete, keep apps</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="app-form appset-form" aria-label="ApplicationSet editor" onSubmit={(e) => e.preventDefault()}>
        <div className="actions">
          <strong>ApplicationSet YAML</strong>
          <span className="spacer" />
          <button type="button" onClick={() => edit(example)}>
            Start from an example
          </button>
          <YamlFileInput onText={edit} />
        </div>
        <YamlEditor value={text} onChange={edit} problems={problems} label="ApplicationSet YAML" />
        <div className="actions">
          <button type="button" disabled={!text.trim()} onClick={() => void run(async () => (setPlans(await api.previewAppSet(text)), 'Preview: nothing has changed yet'))}>
            Preview
          </button>
          <label>
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> also delete the resources of apps it no longer generates
          </label>
          <button
            type="button"
            className="primary"
            disabled={!plans}
            title={plans ? undefined : 'Preview first'}
            onClick={() =>
              void run(async () => {
                const applied = await api.saveAppSet(text, consent ? { consent: { resources: true } } : {})
                setPlans(null)
                return applied.map((a) => `${a.appset}: ${a.create.length} created, ${a.update.length} updated, ${a.deleted.length} deleted${a.held.length ? `, ${a.held.length} held (${a.held.map((h) => h.reason).join('; ')})` : ''}`).join('. ')
              })
            }
          >
            Apply
          </button>
        </div>
      </form>
      {plans?.map((p) => <PlanView key={p.appset} plan={p} />)}
    </section>
  )
}
