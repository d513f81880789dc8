import { useCallback, useEffect, useState } from 'react'
import type { AppSummary, GitopsApi, ProjectInfo } from '../../../shared/api'
import { errorText } from '../state/errors'
import { AppLinks } from '../ui/AppLinks'
import { ErrorAlert } from '../ui/ErrorAlert'
import { ProjectEditor } from './ProjectEditor'
import { WindowTimeline } from './WindowTimeline'

interface Props {
  api: GitopsApi
  apps: AppSummary[]
  /** The project open below the list (from the URL). */
  selected: string | undefined
  onSelect(name: string | undefined): void
  onOpenApp(name: string): void
}

/**
 * AppProjects: each with its sources, destinations, windows and the apps that use it; the one
 * chosen opens as YAML with its sync windows drawn as a timeline around now.
 */
export function ProjectsPage({ api, apps, selected, onSelect, onOpenApp }: Props) {
  const [projects, setProjects] = useState<ProjectInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  const [creating, setCreating] = useState(false)
  const load = useCallback(() => api.listProjects().then(setProjects, (e: unknown) => setError(errorText(e))), [api])
  useEffect(() => void load(), [load])
  const stored = new Set((projects ?? []).map((p) => p.name))
  // Argo CD's default project exists without being stored: its apps are listed under it too.
  const builtIn = !stored.has('default') && apps.some((a) => a.project === 'default')
  const appsOf = (name: string) => apps.filter((a) => a.project === name).map((a) => a.name)
  const open = selected && (stored.has(selected) || creating) ? selected : undefined
  return (
    <section className="settings projects-page" aria-label="Projects">
      <div className="actions">
        <h1>Projects</h1>
        <span className="spacer" />
        <button
          onClick={() => {
            setCreating(true)
            onSelect(stored.has('new-project') ? undefined : 'new-project')
          }}
        >
          New project
        </button>
      </div>
      <ErrorAlert error={error} />
      {projects && (
        <table aria-label="Project list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Sources</th>
              <th>Destinations</th>
              <th>Windows</th>
              <th>Apps</th>
            </tr>
          </thead>
          <tbody>
            {projects.map((p) => (
              <tr key={p.name} aria-current={p.name === open}>
                <td>
                  <button className="link" onClick={() => (setCreating(false), onSelect(p.name))}>
                    {p.name}
                  </button>
                  {p.description && <div className="muted small">{p.description}</div>}
                </td>
                <td className="small">{p.sourceRepos.join(', ') || <span className="muted">none</span>}</td>
                <td className="small">{p.destinations.join(', ') || <span className="muted">none</span>}</td>
                <td>{p.syncWindows}</td>
                <td>
                  <AppLinks names={appsOf(p.name)} onOpenApp={onOpenApp} />
                </td>
              </tr>
            ))}
            {builtIn && (
              <tr>
                <td>
                  default <div className="muted small">built in: any repository, any destination (save one to change it)</div>
                </td>
                <td className="small">*</td>
                <td className="small">*/*</td>
                <td>0</td>
                <td>
                  <AppLinks names={appsOf('default')} onOpenApp={onOpenApp} />
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {projects?.length === 0 && !builtIn && <p className="muted">No projects yet: apps use Argo CD's built-in default project.</p>}
      {open && (
        <div className="project-detail">
          <ProjectEditor
            key={`${open}/${creating}`}
            api={api}
            name={open}
            isNew={creating && !stored.has(open)}
            onSaved={(names) => {
              setVersion((v) => v + 1)
              void load().then(() => setCreating(false))
              if (names[0] && names[0] !== open) onSelect(names[0])
            }}
          />
          {stored.has(open) && <WindowTimeline api={api} project={open} version={version} />}
        </div>
      )}
    </section>
  )
}
