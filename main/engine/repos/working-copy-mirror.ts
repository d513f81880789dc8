import { chmod, copyFile, lstat, mkdir, mkdtemp, readlink, realpath, rm, symlink } from 'node:fs/promises'
import { dirname, join, posix, relative, sep } from 'node:path'
import { committablePaths } from './working-copy-git'

/** More changed paths than this at once (a branch switch): listed and copied again as a whole. */
const manyPaths = 500
const copiesAtOnce = 16

/**
 * What Argo CD's checkout of a working copy would hold, for rendering it: a copy, in a private
 * scratch folder, of exactly the files git would commit (tracked files as they are now, untracked
 * ones not ignored). Never `.git`, never an ignored file (`.env`, a local values file): a
 * repository's files cannot read them, as they cannot in Argo CD. Files are copied, not linked (a
 * render tool could write through a link into the checkout). Built once; update() copies only the
 * paths that changed, and lists everything again when a `.gitignore` changed. remove() deletes it.
 */
export class WorkingCopyMirror {
  /** The files (and links) in the mirror, relative, '/'-separated. */
  private readonly files = new Set<string>()
  private queue: Promise<void> = Promise.resolve()
  private removed = false

  private constructor(
    /** The checkout (its real path). */
    readonly checkout: string,
    /** The mirror's folder: what a render reads. */
    readonly dir: string,
  ) {}

  /** A mirror of the checkout in a new folder under `scratch` (made private to the user). */
  static async create(checkout: string, scratch: string): Promise<WorkingCopyMirror> {
    await mkdir(scratch, { recursive: true, mode: 0o700 })
    await chmod(scratch, 0o700)
    const dir = await mkdtemp(join(scratch, 'wc-'))
    const mirror = new WorkingCopyMirror(await realpath(checkout), dir)
    try {
      await mirror.copyAll()
    } catch (error) {
      await mirror.remove()
      throw error
    }
    return mirror
  }

  /** Brings the changed paths (relative, '/'-separated; folders too) up to date; one update at a time. */
  update(paths: string[]): Promise<void> {
    const next = this.queue.then(() => this.apply(paths))
    this.queue = next.catch(() => undefined)
    return next
  }

  async remove(): Promise<void> {
    this.removed = true
    await this.queue
    await rm(this.dir, { recursive: true, force: true })
  }

  private async apply(paths: string[]): Promise<void> {
    if (this.removed) return
    // A changed ignore rule changes which files are committable anywhere.
    if (paths.length > manyPaths || paths.includes('')) return this.copyAll()
    if (paths.some((p) => posix.basename(p) === '.gitignore')) return this.copyAll(paths)
    if (!paths.length) return
    const listed = await committablePaths(this.checkout, paths)
    const gone = [...this.files].filter((f) => !listed.has(f) && paths.some((p) => f === p || f.startsWith(`${p}/`)))
    for (const file of gone) await this.drop(file)
    await this.copy([...listed])
  }

  /**
   * Lists everything again: what is no longer committable leaves; what is new, and what is under
   * the changed paths, is copied (all of it without `changed`).
   */
  private async copyAll(changed?: string[]): Promise<void> {
    const listed = await committablePaths(this.checkout)
    for (const file of [...this.files]) if (!listed.has(file)) await this.drop(file)
    const under = (f: string) => changed!.some((p) => f === p || f.startsWith(`${p}/`))
    await this.copy(changed ? [...listed].filter((f) => !this.files.has(f) || under(f)) : [...listed])
  }

  private async copy(files: string[]): Promise<void> {
    const inside = new Map<string, Promise<boolean>>()
    const within = (root: string, dir: string) => {
      let check = inside.get(dir)
      if (!check) inside.set(dir, (check = realpath(dir).then((real) => isInside(root, real), () => false)))
      return check
    }
    const copyOne = async (file: string): Promise<void> => {
      if (this.removed) return
      const from = join(this.checkout, file)
      const to = join(this.dir, file)
      const info = await lstat(from).catch(() => null)
      // Deleted (a tracked file removed), a submodule's folder, or reached through a link out of
      // the checkout or into its .git: absent, as in a checkout of the commit it would make.
      const fromDir = dirname(from)
      const readable = info && (info.isFile() || info.isSymbolicLink()) && (await within(this.checkout, fromDir)) && !(await realpath(fromDir).then((d) => isGitDir(this.checkout, d), () => true))
      if (!readable) {
        if (this.files.has(file)) await this.drop(file)
        return
      }
      await mkdir(dirname(to), { recursive: true })
      // Never written through a link in the mirror (a folder replaced by a link meanwhile).
      if (!(await within(this.dir, dirname(to)))) return
      await rm(to, { recursive: true, force: true })
      if (info.isSymbolicLink()) await symlink(await readlink(from), to)
      else await copyFile(from, to)
      this.files.add(file)
    }
    // A few at a time: a large checkout's first copy is bound by the disk, not by one file's turn.
    // A file that cannot be copied (a folder turned into a link meanwhile) is absent, not a failure of the rest.
    const copyOrDrop = (file: string) => copyOne(file).catch(() => this.drop(file))
    for (let i = 0; i < files.length; i += copiesAtOnce) await Promise.all(files.slice(i, i + copiesAtOnce).map(copyOrDrop))
  }

  private async drop(file: string): Promise<void> {
    this.files.delete(file)
    await rm(join(this.dir, file), { recursive: true, force: true })
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep))
}

function isGitDir(root: string, dir: string): boolean {
  const first = relative(root, dir).split(sep)[0]
  return first === '.git'
}
