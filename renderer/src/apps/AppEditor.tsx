import { useEffect, useRef, useState } from 'react'
import YAML from 'yaml'
import type { ClusterInfo, GitopsApi } from '../../../shared/api'
import { applicationOfForm, type AppFormValues } from '../../../shared/app-form'
import { formFieldError, yamlProblems, type FormField, type YamlProblem } from './editor-problems'
import { errorText } from '../state/errors'
import { AppFormFields, type Form } from './AppFormFields'
import { ErrorAlert } from '../ui/ErrorAlert'
import { PluginParameters } from './PluginParameters'
import { YamlEditor } from './YamlEditor'
import { YamlFileInput } from '../editor/YamlFileInput'

interface Props {
  api: GitopsApi
  clusters: ClusterInfo[]
  /** Edit this app's YAML; a new app otherwise. */
  name?: string | undefined
  example?: boolean
  onSaved(name: string): void
  onCancel(): void
}

/** What the form sends: a path for Git, a chart for a Helm chart repository. */
function formValues(form: Form): AppFormValues {
  const { sourceKind, chart, path, ...rest } = form
  return { ...rest, ...(sourceKind === 'helm' ? { chart } : { path }) }
}

/** Create or edit an Application: a form, or its YAML in Monaco with each problem shown on its line. */
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
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const [fieldError, setFieldError] = useState<{ field: FormField; message: string } | null>(null)
  const [saving, setSaving] = useState(false)
  // The form last carried into the YAML: switching again carries it only if it changed since.
  const carried = useRef<Form | null>(null)

  useEffect(() => {
    if (props.name) props.api.getApp(props.name).then((d) => setYaml(d.yaml), (e: unknown) => setError(errorText(e)))
  }, [props.api, props.name])

  // The clusters may arrive after the form opens: the select shows the active one, so must the form.
  useEffect(() => {
    if (active) setForm((f) => (f.destinationName ? f : { ...f, destinationName: active }))
  }, [active])

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }))
  const toYaml = () => {
    if (!props.name && carried.current !== form) {
      setYaml(YAML.stringify(applicationOfForm(formValues(form))))
      carried.current = form
    }
    setMode('yaml')
  }
  const save = async () => {
    setSaving(true)
    setError(null)
    setProblems([])
    setFieldError(null)
    try {
      if (mode === 'form') {
        const saved = await props.api.saveAppForm(formValues(form))
        props.onSaved(saved.apps[0]!)
      } else {
        const saved = await props.api.saveAppYaml(yaml)
        props.onSaved(saved.apps[0] ?? props.name ?? '')
      }
    } catch (e) {
      const listed = mode === 'yaml' ? yamlProblems(e) : []
      const field = mode === 'form' ? formFieldError(e) : null
      setProblems(listed)
      setFieldError(field)
      // A list or a marked field says it all; the alert gives the summary (first line) then.
      setError(listed.length > 1 ? errorText(e).split('\n')[0]! : field ? `Not saved: ${field.message}` : errorText(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <section className="editor" aria-label={props.name ? `Edit ${props.name}` : 'New application'}>
      <div className="details-head">
        <h1>{props.name ? `Edit ${props.name}` : 'New application'}</h1>
        <div className="segmented" role="group" aria-label="Editor mode">
          <button aria-pressed={mode === 'form'} onClick={() => setMode('form')} disabled={!!props.name}>
            Form
          </button>
          <button aria-pressed={mode === 'yaml'} onClick={toYaml}>
            YAML
          </button>
        </div>
        <span className="spacer" />
        <YamlFileInput
          onText={(text) => {
            setYaml(text)
            carried.current = form
            setMode('yaml')
          }}
        />
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
        <AppFormFields api={props.api} clusters={props.clusters} form={form} example={props.example} fieldError={fieldError} saving={saving} set={set} onSubmit={() => void save()} onCancel={props.onCancel} />
      ) : (
        <>
          {props.name && <PluginParameters api={props.api} name={props.name} yaml={yaml} onYaml={setYaml} />}
          <YamlEditor value={yaml} onChange={setYaml} problems={problems} />
          <div className="actions sticky-actions">
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
