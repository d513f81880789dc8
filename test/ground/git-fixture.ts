import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const fixturesDir = resolve(import.meta.dirname, '../../../shared/fixtures/argocd-example-apps')

/** A local git repository holding copies of fixture apps, committed on branch main. */
export class FixtureRepo {
  readonly dir: string

  private constructor(dir: string) {
    this.dir = dir
  }

  /** Copies the named fixture folders (under argocd-example-apps) into a new repo and commits. */
  static create(apps: string[]): FixtureRepo {
    const dir = mkdtempSync(join(tmpdir(), 'gitops-desk-repo-'))
    const repo = new FixtureRepo(dir)
    repo.git('init', '--quiet', '--initial-branch=main')
    for (const app of apps) cpSync(join(fixturesDir, app), join(dir, app), { recursive: true })
    repo.commit(`Add ${apps.join(', ')}`)
    return repo
  }

  /** What a user would put in an Application's repoURL. */
  get url(): string {
    return `file://${this.dir}`
  }

  /** Commits every change in the work tree; returns the new commit's SHA. */
  commit(message: string): string {
    this.git('add', '--all')
    this.git('commit', '--quiet', '--allow-empty', '-m', message)
    return this.head()
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim()
  }

  git(...args: string[]): string {
    // No automatic gc: after a commit of many files it runs detached and writes into .git while remove() deletes it.
    return execFileSync('git', ['-c', 'gc.auto=0', '-c', 'maintenance.auto=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Fixture',
        GIT_AUTHOR_EMAIL: 'fixture@gitops-desk.test',
        GIT_COMMITTER_NAME: 'Fixture',
        GIT_COMMITTER_EMAIL: 'fixture@gitops-desk.test',
      },
    })
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
