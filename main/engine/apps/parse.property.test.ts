import fc from 'fast-check'
import YAML from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseArgoFile } from './parse'

// Whatever the text, the parser answers with data: Applications, or problems that say where.
const where = /^apps\.yaml(:\d+)?/

const fieldValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }))
const almostApplication = fc.record(
  {
    apiVersion: fc.constantFrom('argoproj.io/v1alpha1', 'v1', 'argoproj.io/v1', ''),
    kind: fc.constantFrom('Application', 'AppProject', 'ConfigMap', ''),
    metadata: fc.record({ name: fc.oneof(fc.string(), fc.constantFrom('guestbook', 'a'.repeat(300))), namespace: fc.string() }, { requiredKeys: [] }),
    spec: fc.record(
      {
        project: fieldValue,
        source: fc.record({ repoURL: fieldValue, path: fieldValue, targetRevision: fieldValue, helm: fieldValue, kustomize: fieldValue, plugin: fieldValue }, { requiredKeys: [] }),
        destination: fc.record({ server: fieldValue, name: fieldValue, namespace: fieldValue }, { requiredKeys: [] }),
        syncPolicy: fieldValue,
        sourceRepos: fieldValue,
        destinations: fieldValue,
        syncWindows: fc.array(fc.record({ kind: fc.constantFrom('allow', 'deny', 'maybe'), schedule: fc.constantFrom('* * * * *', '0 22 * * *', 'soon', ''), duration: fc.constantFrom('1h', '30m', 'forever', '') }, { requiredKeys: [] }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
)

describe('parseArgoFile never throws', () => {
  it('on any text: it returns problems with the file and line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const parsed = parseArgoFile(text, 'apps.yaml')
        for (const p of parsed.problems) {
          expect(p.where).toMatch(where)
          expect(p.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('on documents shaped almost like Applications and AppProjects: valid ones parse, the rest name the field', () => {
    fc.assert(
      fc.property(fc.array(almostApplication, { minLength: 1, maxLength: 3 }), (docs) => {
        const text = docs.map((d) => YAML.stringify(d)).join('---\n')
        const parsed = parseArgoFile(text, 'apps.yaml')
        expect(parsed.apps.length + parsed.projects.length + parsed.problems.length).toBeGreaterThan(0)
        for (const p of parsed.problems) expect(p.where).toMatch(where)
      }),
      { numRuns: 300 },
    )
  })

  it('bounds alias bombs and huge texts with a problem instead of running out of memory', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n')
    expect(parseArgoFile(bomb, 'apps.yaml').problems[0]).toMatchObject({ where: expect.stringMatching(where), message: expect.stringMatching(/alias/i) })
    const huge = `kind: Application\ndata: "${'x'.repeat(9 * 1024 * 1024)}"\n`
    expect(parseArgoFile(huge, 'apps.yaml').problems[0]?.message).toMatch(/the YAML is 9\.0 MiB; the limit is 8 MiB/)
  })
})
