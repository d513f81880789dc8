import { describe, expect, it } from 'vitest'
import { applyIgnoreRules } from './ignore'

const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }, { name: 'side', image: 'busybox' }] } } } }

describe('ignore rules', () => {
  it('removes what a jqPathExpression selects, and leaves the rest and the original alone', async () => {
    const rules = [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web").image'] }]
    const result = await applyIgnoreRules(deployment, rules)
    expect(result.spec).toEqual({ replicas: 3, template: { spec: { containers: [{ name: 'web' }, { name: 'side', image: 'busybox' }] } } })
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('nginx:1')
  })

  it('names an expression that is not valid jq', async () => {
    await expect(applyIgnoreRules(deployment, [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec[['] }])).rejects.toThrow(/jqPathExpression "\.spec\[\[" is not valid jq/)
  })
})
