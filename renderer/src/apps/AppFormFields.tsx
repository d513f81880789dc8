import type { ReactNode } from 'react'
import type { ClusterInfo, GitopsApi } from '../../../shared/api'
import { maxNameLength, namePattern } from '../../../shared/names'
import type { FormField } from './editor-problems'
import { ChartPicker } from './ChartPicker'
import { Choice } from '../ui/Choice'

export interface Form {
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

interface Props {
  api: GitopsApi
  clusters: ClusterInfo[]
  form: Form
  example?: boolean | undefined
  /** The field a refused save was about, marked with the reason. */
  fieldError: { field: FormField; message: string } | null
  saving: boolean
  set(patch: Partial<Form>): void
  onSubmit(): void
  onCancel(): void
}

/** The New app form; the browser checks the name (pattern), the engine the repository and path. */
export function AppFormFields({ api, clusters, form, example, fieldError, saving, set, onSubmit, onCancel }: Props) {
  const errorOf = (field: FormField) => (fieldError?.field === field ? fieldError.message : undefined)
  const marked = (field: FormField) => (errorOf(field) ? { 'aria-invalid': true, 'aria-describedby': `field-error-${field}` } : {})
  const text = (field: FormField & keyof Form, label: string, extra: Record<string, unknown> = {}): ReactNode => (
    <>
      <label>
        {label} <input value={form[field] as string} onChange={(e) => set({ [field]: e.target.value })} {...extra} {...marked(field)} />
      </label>
      {errorOf(field) && (
        <p id={`field-error-${field}`} className="field-error">
          {errorOf(field)}
        </p>
      )}
    </>
  )
  return (
    <form
      className="app-form"
      onSubmit={(e) => {
        e.preventDefault()
        onSubmit()
      }}
    >
      {example && <p className="muted">Clone https://github.com/argoproj/argocd-example-apps to a folder, then give its file:// URL below.</p>}
      {text('name', 'Name', { required: true, pattern: namePattern, maxLength: maxNameLength, title: "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit" })}
      {text('project', 'Project')}
      {text('repoURL', 'Repository URL', { required: true, placeholder: 'https://github.com/org/repo.git or file:///path/to/repo' })}
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
          {text('targetRevision', 'Revision')}
          {text('path', 'Path', { placeholder: 'a folder: plain YAML, a Helm chart or Kustomize (detected)' })}
        </>
      ) : (
        <ChartPicker api={api} repoURL={form.repoURL} chart={form.chart} version={form.targetRevision} chartError={errorOf('chart')} onChange={(chart, targetRevision) => set({ chart, targetRevision })} />
      )}
      {/* A choice, not a native <select> (whose arrow keys commit): every context, by name. */}
      <Choice label="Destination cluster" required value={form.destinationName} options={clusters.map((c) => ({ value: c.name, label: c.name }))} onChange={(destinationName) => set({ destinationName })} errorId={errorOf('destinationName') ? 'field-error-destinationName' : undefined} />
      {errorOf('destinationName') && (
        <p id="field-error-destinationName" className="field-error">
          {errorOf('destinationName')}
        </p>
      )}
      {text('namespace', 'Namespace')}
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
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
