import { useCallback, useMemo } from 'react'
import { createTwoFilesPatch } from 'diff'
import { useMonaco, type Monaco } from '../../editor/use-monaco'
import { makeYamlDiff } from '../../editor/yaml-diff'
import { DiffBody } from '../../editor/DiffBody'

/**
 * What saving would change in the Application, before it is saved: the stored YAML on the left,
 * the edited one on the right (Monaco's diff editor), and the same as a unified text.
 */
export function YamlChangeDiff({ name, before, after }: { name: string; before: string; after: string }) {
  const make = useCallback(
    (m: Monaco, host: HTMLDivElement, theme: string) =>
      makeYamlDiff(m, host, theme, { original: { text: before, label: `Application ${name} as stored` }, modified: { text: after, label: `Application ${name} with the changes` }, collapse: true }),
    [name, before, after],
  )
  const { host, monaco } = useMonaco(make)
  const unified = useMemo(() => createTwoFilesPatch(`${name}.yaml`, `${name}.yaml`, before, after, 'stored', 'edited', { context: 2 }).split('\n').slice(2).join('\n'), [name, before, after])
  return (
    <section className="params-diff" aria-label="Changes to the Application">
      <h3>Changes to the Application (not saved yet)</h3>
      <DiffBody headers={['Stored', 'With your changes']} host={host} loaded={!!monaco} hostClass="params-diff-editor" testId="params-diff-editor" unified={unified} unifiedTestId="params-unified-diff" />
    </section>
  )
}
