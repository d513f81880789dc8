import { describe, expect, it } from 'vitest'
import { buildEnvVars, envsubst } from './build-env'

describe("Argo CD's build environment", () => {
  const vars = buildEnvVars({ appName: 'shop', namespace: 'prod', project: 'team', revision: '0123456789abcdef', repoURL: 'https://git/x', path: 'apps/shop', targetRevision: 'main' })

  it('expands $NAME and ${NAME} as Go does: unknown names are empty, $$ is a dollar', () => {
    expect(envsubst('registry/${ARGOCD_APP_NAME}:$ARGOCD_APP_REVISION_SHORT', vars)).toBe('registry/shop:0123456')
    expect(envsubst('${ARGOCD_APP_REVISION_SHORT_8}-${NOPE}-$$', vars)).toBe('01234567--$')
    expect(envsubst('no variables', vars)).toBe('no variables')
  })
})
