import { envsubst } from '../build-env'
import type { ParameterAnnouncement, SourcePlugin } from '../../model/plugin-schema'

type Parameter = NonNullable<SourcePlugin['parameters']>[number]

/** k8s.io's version.ParseGeneric(…).String(), as Argo CD gives it: MAJOR.MINOR.PATCH ("1.37" → "1.37.0"). */
function kubeVersion(version: string): string {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version)
  return match ? `${match[1]}.${match[2]}.${match[3] ?? '0'}` : ''
}

const escaped = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase()

/**
 * The environment Argo CD gives a plugin (getPluginEnvs, getPluginParamEnvs): the build
 * environment (ARGOCD_APP_*), KUBE_VERSION and KUBE_API_VERSIONS, the app's `env` as
 * ARGOCD_ENV_* (with the build environment substituted), and its parameters — over the
 * plugin's static defaults — as ARGOCD_APP_PARAMETERS (JSON) and PARAM_* (arrays as _0, _1…,
 * maps as _KEY). Pure.
 */
export function pluginEnv(input: { build: Record<string, string>; kubeVersion: string; apiVersions: string[]; plugin: SourcePlugin; announced: ParameterAnnouncement[] }): Record<string, string> {
  const env: Record<string, string> = { ...input.build, KUBE_VERSION: kubeVersion(input.kubeVersion), KUBE_API_VERSIONS: input.apiVersions.join(',') }
  for (const e of input.plugin.env ?? []) env[`ARGOCD_ENV_${e.name}`] = envsubst(e.value, input.build)
  const given = new Map((input.plugin.parameters ?? []).map((p) => [p.name, p]))
  const defaults: Parameter[] = input.announced
    .filter((a) => !given.has(a.name) && (a.string !== undefined || a.array !== undefined || a.map !== undefined))
    .map((a) => ({ name: a.name, ...(a.string !== undefined ? { string: a.string } : a.array !== undefined ? { array: a.array } : { map: a.map! }) }))
  const parameters: Parameter[] = [...(input.plugin.parameters ?? []), ...defaults].map((p) => (p.string !== undefined ? { ...p, string: envsubst(p.string, env) } : p))
  env.ARGOCD_APP_PARAMETERS = JSON.stringify(parameters)
  for (const p of parameters) {
    const base = `PARAM_${escaped(p.name)}`
    if (p.string !== undefined) env[base] = p.string
    else if (p.map) for (const [k, v] of Object.entries(p.map)) env[`${base}_${escaped(k)}`] = v
    else if (p.array) p.array.forEach((v, i) => (env[`${base}_${i}`] = v))
  }
  return env
}
