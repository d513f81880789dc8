import { describe, expect, it } from 'vitest'
import { argoCmData, readArgoSettings } from './argocd/argocd-cm'
import { readArgoSecrets } from './secrets/argo-secrets'
import { UserError } from './base/errors'
import { parseUserYaml } from './base/yaml-docs'

// One parse, with the same limits, for every YAML a user gives: a bomb or a huge text is bad
// input (Invalid, with file and line), never "internal error".
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n')
const invalid = (message: RegExp, where?: string) => expect.objectContaining({ name: 'UserError', code: 'Invalid', message: expect.stringMatching(message), ...(where ? { where } : {}) })

describe('YAML the user gives', () => {
  it('parseUserYaml: one document, or Invalid naming the file and line', () => {
    expect(parseUserYaml('a: 1\n', 'x.yaml')).toEqual({ a: 1 })
    expect(parseUserYaml('', 'x.yaml')).toBeNull()
    expect(() => parseUserYaml(bomb, 'x.yaml')).toThrow(invalid(/^x\.yaml is not valid YAML: too many alias expansions \(more than 100\)/, 'x.yaml:1'))
    expect(() => parseUserYaml('a: 1\n---\nb: 2\n', 'x.yaml')).toThrow(invalid(/expected one YAML document, found 2/, 'x.yaml:3'))
    expect(() => parseUserYaml('a: [1\n', 'x.yaml')).toThrow(UserError)
    expect(() => parseUserYaml(`a: "${'x'.repeat(8 * 1024 * 1024)}"`, 'x.yaml')).toThrow(invalid(/the YAML is 8 MiB and \d+ bytes; the limit is 8 MiB/))
  })

  it('settings import: an argocd-cm that is a bomb, or holds one in a value', () => {
    expect(() => argoCmData(`apiVersion: v1\nkind: ConfigMap\n${bomb}\n`, 'argocd-cm.yaml')).toThrow(invalid(/^argocd-cm\.yaml is not valid YAML: too many alias expansions/))
    expect(() => readArgoSettings({ 'resource.customizations.ignoreDifferences.apps_Deployment': bomb }, 'argocd-cm.yaml')).toThrow(invalid(/too many alias expansions/))
  })

  it('cluster and repository Secrets: a bomb is Invalid with the line', () => {
    expect(() => readArgoSecrets(`apiVersion: v1\nkind: Secret\n${bomb}\n`, 'repos.yaml', ['repository'])).toThrow(invalid(/^invalid YAML: too many alias expansions/, 'repos.yaml:1'))
  })
})
