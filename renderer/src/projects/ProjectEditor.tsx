import { useEffect, useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import { yamlProblems, type YamlProblem } from '../apps/editor-problems'
import { YamlEditor } from '../apps/YamlEditor'
import { YamlFileInput } from '../editor/YamlFileInput'
import { errorText } from '../state/errors'
import { ErrorAlert } from '../ui/ErrorAlert'
import { forgetUnsavedEdits, useUnsavedEdits } from '../shell/leave-guard'

/** What a new project starts from: Argo CD's default project's rules, and a window to change. */
export const projectTemplate = (name: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: ${name}
spec:
  description: ''
  sourceRepos: ['*']
  destinations:
  - {server: '*', namespace: '*'}
  clusterResourceWhitelist:
  - {group: '*', kind: '*'}
  syncWindows: []
`

/**
 * One AppProject as YAML in Monaco: saved through the engine's check (unknown fields, invalid
 * names and bad windows refused with their line, nothing stored), then its apps compared again.
 */
export function ProjectEditor({ api, name, isNew, onSaved }: { api: GitopsApi; name: string; isNew: boolean; onSaved(names: string[]): void }) {
  const [yaml, setYaml] = useState<string | null>(isNew ? projectTemplate(name) : null)
  const [problems, setProblems] = useState<YamlProblem[]>([])
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  /** The YAML as loaded or last saved: edits beyond it are asked about before leaving. */
  const [baseline, setBaseline] = useState<string | null>(isNew ? projectTemplate(name) : null)
  useUnsavedEdits(`Project ${name}`, yaml !== null && baseline !== null && yaml !== baseline)
  useEffect(() => {
    if (isNew) return
    let live = true
    api.getProject(name).then(
      (p) => {
        if (!live) return
        setYaml(p.yaml)
        setBaseline(p.yaml)
      },
      (e: unknown) => live && setError(errorText(e)),
    )
    return () => void (live = false)
  }, [api, name, isNew])
  const save = async () => {
    if (yaml === null) return
    setSaving(true)
    setSaved(null)
    try {
      const result = await api.saveAppYaml(yaml)
      setProblems([])
      setError(null)
      setSaved(`Saved ${[...result.projects, ...result.apps].join(', ')}`)
      setBaseline(yaml)
      forgetUnsavedEdits()
      onSaved(result.projects)
    } catch (e) {
      setProblems(yamlProblems(e))
      setError(errorText(e))
    } finally {
      setSaving(false)
    }
  }
  return (
    <section className="project-editor" aria-label={`Project ${name} YAML`}>
      <div className="actions">
        <h2>{isNew ? 'New project' : `Project ${name}`}</h2>
        <span className="spacer" />
        <YamlFileInput onText={setYaml} />
        {/* Save in the heading row, not a sticky bar at the bottom: that bar covered the editor's last lines. */}
        <button className="primary" onClick={() => void save()} disabled={saving || yaml === null}>
          Save
        </button>
      </div>
      <ErrorAlert error={error} />
      {saved && <p role="status">{saved}</p>}
      {yaml === null ? !error && <p role="status">Reading {name}…</p> : <YamlEditor value={yaml} onChange={setYaml} problems={problems} label="AppProject YAML" />}
    </section>
  )
}
