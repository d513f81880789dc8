/**
 * Argo CD's build environment (the repo server's newEnv): what `${ARGOCD_APP_NAME}` and the
 * others mean in Kustomize images and labels and in plugin parameters.
 */
export interface BuildEnv {
  appName: string
  namespace: string
  project: string
  revision: string
  repoURL: string
  path: string
  targetRevision: string
}

export function buildEnvVars(env: BuildEnv): Record<string, string> {
  return {
    ARGOCD_APP_NAME: env.appName,
    ARGOCD_APP_NAMESPACE: env.namespace,
    ARGOCD_APP_PROJECT_NAME: env.project,
    ARGOCD_APP_REVISION: env.revision,
    ARGOCD_APP_REVISION_SHORT: env.revision.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: env.revision.slice(0, 8),
    ARGOCD_APP_SOURCE_REPO_URL: env.repoURL,
    ARGOCD_APP_SOURCE_PATH: env.path,
    ARGOCD_APP_SOURCE_TARGET_REVISION: env.targetRevision,
  }
}

/**
 * Go's os.Expand as Argo CD uses it: `$NAME` and `${NAME}` become the variable's value (empty
 * when it has none), `$$` is a `$`.
 */
export function envsubst(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(\{([^}]*)\}|[*#$@!?\-0-9]|[A-Za-z_][A-Za-z0-9_]*)/g, (_match, whole: string, braced: string | undefined) => {
    const name = braced ?? whole
    if (name === '$') return '$'
    return vars[name] ?? ''
  })
}
