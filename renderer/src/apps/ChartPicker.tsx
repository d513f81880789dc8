import { useEffect, useState } from 'react'
import type { GitopsApi } from '../../../shared/api'
import { errorText } from '../state/errors'

/**
 * Chart and version from the repository's index (listed when the URL is set); the version may
 * also be a constraint such as `1.*`, as Argo CD's targetRevision for a chart.
 */
export function ChartPicker(props: { api: GitopsApi; repoURL: string; chart: string; version: string; chartError?: string | undefined; onChange(chart: string, version: string): void }) {
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
        <input list="chart-names" required aria-invalid={props.chartError ? true : undefined} aria-describedby={props.chartError ? 'field-error-chart' : undefined} value={props.chart} onChange={(e) => props.onChange(e.target.value, props.version)} placeholder={charts.length ? `one of ${charts.length} charts` : 'chart name'} />
        <datalist id="chart-names">
          {charts.map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
      </label>
      {props.chartError && (
        <p id="field-error-chart" className="field-error">
          {props.chartError}
        </p>
      )}
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
