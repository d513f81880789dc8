import { useEffect, useRef, useState } from 'react'
import type { ClusterInfo, GitopsApi } from '../../../shared/api'
import { isApiRejection } from '../../../shared/errors'
import { errorText } from '../state/errors'
import { PluginParameters } from './PluginParameters'
import { ErrorAlert } from './ErrorAlert'

type Monaco = typeof import('../monaco')

interface Props {
  api: GitopsApi
  clusters: ClusterInfo[]
  /** Edit this app's YAML; a new app otherwise. */
  name?: string | undefined
  example?: boolean
  onSaved(name: string): void
  onCancel(): void
}

interface Form {
  name: string
  project: string
  repoURL: string
  /** Git (a path in a repository) or a chart of a Helm chart repository. */
  sourceKind: 'git' | 'helm'
  path: string
  chart: string
  targetRevision: string
  destinationName: string
  namespace: string
  automated: boolean
  prune: boolean
  selfHeal: boolean
  createNamespace: boolean
}

/** Create or edit an Application: a form, or its YAML in Monaco with errors shown on their line. */
export function AppEditor(props: Props) {
  const active = props.clusters.find((c) => c.active)?.name ?? ''
  const [mode, setMode] = useState<'form' | 'yaml'>(props.name ? 'yaml' : 'form')
  const [form, setForm] = useState<Form>({
    name: props.example ? 'guestbook' : '',
    project: 'default',
    repoURL: props.example ? 'file:///path/to/argocd-example-apps' : '',
    sourceKind: 'git',
    path: props.example ? 'guestbook' : '',
    chart: '',
    targetRevision: 'HEAD',
    destinationName: active,
    namespace: props.example ? 'guestbook' : '',
    automated: false,
    prune: false,
    selfHeal: false,
    createNamespace: true,
  })
  const [yaml, setYaml] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (props.name) props.api.getApp(props.name).then((d) => setYaml(d.yaml), (e: unknown) => setError(errorText(e)))
  }, [props.api, props.name])

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))
  const save = async () => {
    setSaving(true)
    setError(null)
    try {
      if (mode === 'form') {
        const { destinationName, sourceKind, chart, path, ...rest } = form
        const saved = await props.api.saveAppForm({ ...rest, destinationName, ...(sourceKind === 'helm' ? { chart } : { path }) })
        props.onSaved(saved.apps[0]!)
      } else {
        const saved = await props.api.saveAppYaml(yaml)
        props.onSaved(saved.apps[0] ?? props.name ?? '')
      }
    } catch (e) {
      setError(errorText(e))
      if (isApiRejection(e)) setLineError(e.where)
    } finally {
      setSaving(false)
    }
  }
  const [lineError, setLineError] = useState<string | undefined>()

  return (
    <section className="editor" aria-label={props.name ? `Edit ${props.name}` : 'New application'}>
      <div className="details-head">
        <h1>{props.name ? `Edit ${props.name}` : 'New application'}</h1>
        <div className="segmented" role="group" aria-label="Editor mode">
          <button aria-pressed={mode === 'form'} onClick={() => setMode('form')} disabled={!!props.name}>
            Form
          </button>
          <button aria-pressed={mode === 'yaml'} onClick={() => setMode('yaml')}>
            YAML
          </button>
        </div>
        <span className="spacer" />
        <label className="button">
          Import YAML file
          <input
            type="file"
            accept=".yaml,.yml,.json"
            className="visually-hidden"
            onChange={async (e) => {
              const file = e.target.files?.[0]
              if (!file) return
              setYaml(await file.text())
              setMode('yaml')
            }}
          />
        </label>
        {props.name && (
          <button
            onClick={() => {
              const link = document.createElement('a')
              link.href = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }))
              link.download = `${props.name}.yaml`
              link.click()
              URL.revokeObjectURL(link.href)
            }}
          >
            Export
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
      {mode === 'form' ? (
        <form
          className="app-form"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          {props.example && <p className="muted">Clone https://github.com/argoproj/argocd-example-apps to a folder, then give its file:// URL below.</p>}
          <label>
            Name <input required value={form.name} onChange={(e) => set({ name: e.target.value })} pattern="[a-z0-9]([-a-z0-9.]*[a-z0-9])?" />
          </label>
          <label>
            Project <input value={form.project} onChange={(e) => set({ project: e.target.value })} />
          </label>
          <label>
            Repository URL <input required value={form.repoURL} onChange={(e) => set({ repoURL: e.target.value })} placeholder="https://github.com/org/repo.git or file:///path/to/repo" />
          </label>
          <fieldset>
            <legend>Source</legend>
            <label>
              <input type="radio" name="source-kind" checked={form.sourceKind === 'git'} onChange={() => set({ sourceKind: 'git', targetRevision: 'HEAD' })} /> Git
            </label>
            <label>
              <input type="radio" name="source-kind" checked={form.sourceKind === 'helm'} onChange={() => set({ sourceKind: 'helm', targetRevision: '' })} /> Helm chart repository
            </label>
          </fieldset>
          {form.sourceKind === 'git' ? (
            <>
              <label>
                Revision <input value={form.targetRevision} onChange={(e) => set({ targetRevision: e.target.value })} />
              </label>
              <label>
                Path <input value={form.path} onChange={(e) => set({ path: e.target.value })} placeholder="a folder: plain YAML, a Helm chart or Kustomize (detected)" />
              </label>
            </>
          ) : (
            <ChartPicker api={props.api} repoURL={form.repoURL} chart={form.chart} version={form.targetRevision} onChange={(chart, targetRevision) => set({ chart, targetRevision })} />
          )}
          <label>
            Destination cluster
            <select value={form.destinationName} onChange={(e) => set({ destinationName: e.target.value })}>
              {props.clusters.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Namespace <input value={form.namespace} onChange={(e) => set({ namespace: e.target.value })} />
          </label>
          <fieldset>
            <legend>Sync policy</legend>
            <label>
              <input type="checkbox" checked={form.createNamespace} onChange={(e) => set({ createNamespace: e.target.checked })} /> Create the namespace
            </label>
            <label>
              <input type="checkbox" checked={form.automated} onChange={(e) => set({ automated: e.target.checked })} /> Auto-sync
            </label>
            <label>
              <input type="checkbox" checked={form.prune} disabled={!form.automated} onChange={(e) => set({ prune: e.target.checked })} /> Prune
            </label>
            <label>
              <input type="checkbox" checked={form.selfHeal} disabled={!form.automated} onChange={(e) => set({ selfHeal: e.target.checked })} /> Self-heal
            </label>
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={saving}>
              Save
            </button>
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <>
          {props.name && <PluginParameters api={props.api} name={props.name} yaml={yaml} onYaml={setYaml} />}
          <YamlEditor value={yaml} onChange={setYaml} errorWhere={lineError} errorMessage={error} />
          <div className="actions">
            <button className="primary" onClick={() => void save()} disabled={saving}>
              Save
            </button>
            <button onClick={props.onCancel}>Cancel</button>
          </div>
        </>
      )}
    </section>
  )
}

/** Monaco on YAML; an error's `where` (YAML:LINE field) becomes a marker on that line. */
function YamlEditor({ value, onChange, errorWhere, errorMessage }: { value: string; onChange(v: string): void; errorWhere?: string | undefined; errorMessage: string | null }) {
  const host = useRef<HTMLDivElement>(null)
  const [monaco, setMonaco] = useState<Monaco | null>(null)
  const editor = useRef<import('monaco-editor/editor/editor.api').editor.IStandaloneCodeEditor | null>(null)
  // The editor is made once per Monaco load: it starts from the value of that moment and reports
  // edits to the latest onChange, both read through refs so a re-render does not rebuild it.
  const latest = useRef({ value, onChange })
  useEffect(() => {
    latest.current = { value, onChange }
  }, [value, onChange])
  useEffect(() => void import('../monaco').then(setMonaco), [])
  useEffect(() => {
    if (!monaco || !host.current) return
    const e = monaco.monaco.editor.create(host.current, { value: latest.current.value, language: 'yaml', automaticLayout: true, theme: monaco.theme(), minimap: { enabled: false }, ariaLabel: 'Application YAML' })
    e.onDidChangeModelContent(() => latest.current.onChange(e.getValue()))
    editor.current = e
    return () => e.dispose()
  }, [monaco])
  useEffect(() => {
    if (editor.current && editor.current.getValue() !== value) editor.current.setValue(value)
  }, [value])
  useEffect(() => {
    const model = editor.current?.getModel()
    if (!monaco || !model) return
    const line = Number(/:(\d+)/.exec(errorWhere ?? '')?.[1])
    monaco.monaco.editor.setModelMarkers(model, 'gitops-desk', line && errorMessage ? [{ startLineNumber: line, endLineNumber: line, startColumn: 1, endColumn: model.getLineMaxColumn(line), message: errorMessage, severity: monaco.monaco.MarkerSeverity.Error }] : [])
  }, [monaco, errorWhere, errorMessage])
  return (
    <>
      <div className="monaco-host editor-host" ref={host} />
      {!monaco && (
        <textarea aria-label="Application YAML" value={value} onChange={(e) => onChange(e.target.value)} rows={20} className="mono" />
      )}
    </>
  )
}

/**
 * Chart and version from the repository's index (listed when the URL is set); the version may
 * also be a constraint such as `1.*`, as Argo CD's targetRevision for a chart.
 */
function ChartPicker(props: { api: GitopsApi; repoURL: string; chart: string; version: string; onChange(chart: string, version: string): void }) {
  const [charts, setCharts] = useState<{ name: string; versions: string[] }[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const { api, repoURL } = props
  useEffect(() => {
    if (!/^https?:\/\//.test(repoURL)) return setCharts([])
    let current = true
    const timer = setTimeout(() => {
      api.helmCharts(repoURL).then(
        (list) => current && (setCharts(list), setProblem(null)),
        (e: unknown) => current && (setCharts([]), setProblem(errorText(e))),
      )
    }, 400)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [api, repoURL])
  const versions = charts.find((c) => c.name === props.chart)?.versions ?? []
  return (
    <>
      {problem && <p className="warning">{problem}</p>}
      <label>
        Chart
        <input list="chart-names" required value={props.chart} onChange={(e) => props.onChange(e.target.value, props.version)} placeholder={charts.length ? `one of ${charts.length} charts` : 'chart name'} />
        <datalist id="chart-names">
          {charts.map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
      </label>
      <label>
        Version
        <input list="chart-versions" required value={props.version} onChange={(e) => props.onChange(props.chart, e.target.value)} placeholder={versions[0] ? `${versions[0]}, or a constraint like ${versions[0].split('.')[0]}.*` : 'a version or a constraint like 1.*'} />
        <datalist id="chart-versions">
          {versions.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      </label>
    </>
  )
}
