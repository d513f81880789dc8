import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../e2e/browser'

/**
 * A built checkout of another revision, for the A/B mode (`--against REV`): the revision's files
 * (git archive, no worktree), this checkout's node_modules hard-linked and resources/ copied,
 * then its own `npm run build`. Kept under `dir` by commit, so a second run reuses it.
 */
export function builtBaseline(rev: string, dir: string): { root: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: repoRoot, encoding: 'utf8' }).trim()
  const root = join(dir, `gitops-desk-${commit.slice(0, 12)}`)
  if (existsSync(join(root, 'out/renderer/index.html')) && existsSync(join(root, 'out/main/web.js'))) return { root, commit }
  mkdirSync(root, { recursive: true })
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${root}"`], { cwd: repoRoot, stdio: 'inherit' })
  if (!existsSync(join(root, 'node_modules'))) execFileSync('cp', ['-al', join(repoRoot, 'node_modules'), join(root, 'node_modules')])
  cpSync(join(repoRoot, 'resources'), join(root, 'resources'), { recursive: true })
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })
  return { root, commit }
}
