/**
 * Whether a source's repoURL names a repository on this machine: a `file:` URL, or a path (git
 * clones a path as a local repository; a relative one from the app's working folder). A Helm
 * source (`chart:`) without a scheme is an OCI registry's host, as Argo CD reads it. Argo CD's repo
 * server has nothing of the user's to read; GitOps Desk runs beside the user's own repositories.
 */
export function isLocalRepo(repoURL: string, helm = false): boolean {
  const url = repoURL.trim()
  if (/^file:/i.test(url) || /^[/\\.~]/.test(url) || /^[a-zA-Z]:[\\/]/.test(url)) return true
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return false
  // scp-like ssh ([user@]host:path, no slash before the colon), as git reads it.
  if (/^[^/:]+:/.test(url)) return false
  return !helm
}

/** One spelling of a local repository (file:///x/y.git and /x/y are the same repository). */
export function localRepoKey(repoURL: string): string {
  return repoURL.trim().replace(/^file:\/\//i, '').replace(/^file:/i, '').replace(/\/+$/, '').replace(/\.git$/, '')
}
