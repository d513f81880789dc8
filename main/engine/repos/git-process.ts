import { spawn } from 'node:child_process'
import { UserError } from '../base/errors'

/** Git never asks on a terminal, and SSH checks host keys, whoever runs us. */
const gitEnv = {
  GIT_TERMINAL_PROMPT: '0',
  GIT_ASKPASS: '',
  SSH_ASKPASS: '',
  GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=yes',
}

/** Only what git needs from our environment (no EDITOR, PAGER or hooks a user's shell may set). */
export function gitProcessEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'SSH_AUTH_SOCK', 'XDG_CONFIG_HOME']
  const env: Record<string, string> = {}
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key]!
  return { ...env, ...gitEnv }
}

/** A commit's tree written into a folder (git archive piped into tar). */
export function archiveInto(repoDir: string, commit: string, target: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', commit], { cwd: repoDir, env: gitProcessEnv() })
    const untar = spawn('tar', ['-x', '-f', '-', '-C', target])
    let stderr = ''
    archive.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    untar.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    archive.stdout.pipe(untar.stdin)
    let pending = 2
    const done = (code: number | null) => {
      if (code !== 0) return reject(new UserError('Unavailable', `cannot read commit ${commit}: ${stderr.trim().slice(0, 500)}`))
      if (--pending === 0) resolve()
    }
    archive.on('error', reject).on('close', done)
    untar.on('error', reject).on('close', done)
  })
}
