import { readdir, readFile } from 'node:fs/promises'

/**
 * The resident memory of a command and everything it started (Linux: /proc), in bytes: the
 * processes of its process group (the group id is the leader's pid, as the command runs
 * detached), plus those that left the group (setsid) but still carry the run's mark in their
 * environment. RSS, not virtual size: Go tools (helm, kustomize) reserve far more address space
 * than they use, so an address-space limit (RLIMIT_AS) would stop healthy runs.
 *
 * One reading costs a readdir of /proc and a read of each process's stat (a few hundred small
 * reads); a process outside the group has its environment read once, when first seen.
 */
export class GroupMemory {
  /** Processes outside the group already checked for the mark: pid → start time, carries mark. */
  private readonly outsiders = new Map<string, { start: string; marked: boolean }>()

  constructor(
    private readonly leader: number,
    private readonly mark?: Buffer,
  ) {}

  static supported(): boolean {
    return process.platform === 'linux'
  }

  async residentBytes(): Promise<number> {
    const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    const sizes = await Promise.all(pids.map((pid) => this.memberBytes(pid)))
    return sizes.reduce((sum, size) => sum + size, 0)
  }

  private async memberBytes(pid: string): Promise<number> {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => null)
    if (!stat) return 0
    // After the command name (in parentheses, which may hold anything): state ppid pgrp … field 22
    // is the start time (pid reuse), field 24 the resident pages.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const [pgrp, start] = [Number(fields[2]), fields[19] ?? '']
    if (pgrp !== this.leader && !(await this.marked(pid, start))) return 0
    const status = await readFile(`/proc/${pid}/status`, 'latin1').catch(() => '')
    const kib = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
    return kib ? Number(kib) * 1024 : 0
  }

  private async marked(pid: string, start: string): Promise<boolean> {
    if (!this.mark) return false
    const known = this.outsiders.get(pid)
    if (known?.start === start) return known.marked
    const environ = await readFile(`/proc/${pid}/environ`).catch(() => null)
    const marked = environ?.includes(this.mark) ?? false
    this.outsiders.set(pid, { start, marked })
    return marked
  }
}
