import { execFile } from 'node:child_process'
import { delimiter } from 'node:path'

/**
 * A desktop app started from the dock or a launcher does not get the PATH of the user's login
 * shell, so exec credential plugins (aws, gcloud, kubelogin) are "not found". Ask the login shell
 * for its PATH once and add what is missing. No-op on Windows, and on any failure.
 */
export function loadLoginShellPath(env: NodeJS.ProcessEnv = process.env, timeoutMs = 3000): Promise<string[]> {
  if (process.platform === 'win32') return Promise.resolve([])
  const shell = env.SHELL || '/bin/sh'
  const marker = '__GITOPS_DESK_PATH__'
  return new Promise((resolve) => {
    execFile(shell, ['-ilc', `printf '${marker}%s${marker}' "$PATH"`], { timeout: timeoutMs, env: { ...env, TERM: 'dumb' } }, (error, stdout) => {
      const match = new RegExp(`${marker}(.*)${marker}`).exec(stdout ?? '')
      if (error || !match?.[1]) return resolve([])
      const current = (env.PATH ?? '').split(delimiter).filter(Boolean)
      const added = match[1].split(delimiter).filter((dir) => dir && !current.includes(dir))
      if (added.length) env.PATH = [...current, ...added].join(delimiter)
      resolve(added)
    })
  })
}
