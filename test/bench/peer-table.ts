import { cpus, loadavg, totalmem } from 'node:os'
import type { Figures } from './figures'

/** One row of the peer table: the desk's figure, its peer's from the same run, and the goal (issue 35). */
interface PeerRow {
  figure: string
  desk: string
  /** The peer's figure, or none when the goal is an absolute bound. */
  peer?: { name: string; figure: string }
  unit: 'ms' | 'MB' | 's'
  /** `faster`: the goal is peer ÷ desk ≥ bound; `fraction`: desk ÷ peer ≤ bound; `below`: desk < bound (in the unit). */
  goal: { kind: 'faster' | 'fraction' | 'below'; bound: number } | null
  /** How the ratio reads when there is no goal to say it (default: the desk's share of the peer's). */
  reads?: 'faster'
}

const rows: PeerRow[] = [
  { figure: 'live edit → OutOfSync', desk: 'peer.edit.to.outofsync.desk.ms', peer: { name: 'Argo CD', figure: 'peer.edit.to.outofsync.argocd.ms' }, unit: 'ms', goal: { kind: 'fraction', bound: 0.5 } },
  { figure: 'commit → all 100 apps refreshed', desk: 'peer.commit.refresh.100apps.desk.ms', peer: { name: 'Argo CD', figure: 'peer.commit.refresh.100apps.argocd.ms' }, unit: 'ms', goal: { kind: 'fraction', bound: 0.5 } },
  { figure: 'from nothing to 100 apps Synced', desk: 'peer.cold.100apps.desk.ms', peer: { name: 'Argo CD', figure: 'peer.cold.100apps.argocd.ms' }, unit: 'ms', goal: { kind: 'faster', bound: 4 } },
  { figure: 'sync from empty, 1,200 objects', desk: 'sync.cold.ms', peer: { name: 'kubectl apply --server-side', figure: 'sync.cold.kubectl.ms' }, unit: 'ms', goal: { kind: 'faster', bound: 1.8 } },
  // What a user of the app sees: the app is compared (its page shows the diff) before Sync is pressed, so the compare's dry runs are not sent again. Not the goal's figure.
  { figure: 'the same, after the app was compared', desk: 'sync.cold.compared.ms', peer: { name: 'kubectl apply --server-side', figure: 'sync.cold.kubectl.ms' }, unit: 'ms', goal: null, reads: 'faster' },
  { figure: 'an app created in Argo CD → in the desk\'s list', desk: 'peer.argocd.app.listed.ms', unit: 'ms', goal: { kind: 'below', bound: 5000 } },
  { figure: 'load: status lag p95 (20k objects, edits from another process)', desk: 'load.status.lag.p95.ms', unit: 'ms', goal: { kind: 'below', bound: 1000 } },
  { figure: 'controller RSS, 100 apps (per process)', desk: 'peer.rss.desk.mb', peer: { name: 'Argo CD application controller', figure: 'peer.rss.argocd.controller.mb' }, unit: 'MB', goal: { kind: 'fraction', bound: 0.5 } },
  { figure: 'CPU in the steady-state window (per process; Argo CD: controller, repo server, redis)', desk: 'peer.cpu.desk.s', peer: { name: 'Argo CD', figure: 'peer.cpu.argocd.s' }, unit: 's', goal: null },
]

const show = (value: number, unit: PeerRow['unit']) => (unit === 'ms' && value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toLocaleString('en-US', { maximumFractionDigits: unit === 's' ? 1 : 0 })} ${unit}`)

/** The table's lines (Markdown), with the rows measured in this run only; none when none was. */
export function peerTable(figures: Figures): string[] {
  const lines: string[] = []
  for (const row of rows) {
    const desk = figures.get(row.desk)
    const peer = row.peer ? figures.get(row.peer.figure) : undefined
    if (desk === undefined || (row.peer && peer === undefined)) continue
    let ratio = '–'
    let goal = '–'
    let holds = '–'
    if (peer !== undefined && desk > 0 && peer > 0) ratio = (row.goal?.kind ?? row.reads) === 'faster' ? `${(peer / desk).toFixed(2)}× faster` : `${(desk / peer).toFixed(2)}× the peer's`
    if (row.goal?.kind === 'faster' && peer !== undefined) [goal, holds] = [`≥ ${row.goal.bound}× faster`, peer / desk >= row.goal.bound ? 'yes' : 'no']
    if (row.goal?.kind === 'fraction' && peer !== undefined) [goal, holds] = [`≤ ${row.goal.bound}× the peer's`, desk / peer <= row.goal.bound ? 'yes' : 'no']
    if (row.goal?.kind === 'below') [goal, holds] = [`< ${show(row.goal.bound, row.unit)}`, desk < row.goal.bound ? 'yes' : 'no']
    lines.push(`| ${row.figure} | ${show(desk, row.unit)} | ${row.peer && peer !== undefined ? `${row.peer.name} ${show(peer, row.unit)}` : '–'} | ${ratio} | ${goal} | ${holds} |`)
  }
  if (lines.length === 0) return []
  return ['| figure | GitOps Desk | peer | ratio | goal | holds? |', '|---|---|---|---|---|---|', ...lines]
}

/**
 * The machine a run's figures came from: cores, memory, and the 1-minute load average sampled
 * every 10 s over the run (other work on the machine slows both sides, not always equally).
 */
export function machineSampler(): { stop(figures: Figures): string } {
  const loads: number[] = [loadavg()[0]!]
  const timer = setInterval(() => loads.push(loadavg()[0]!), 10_000)
  timer.unref()
  return {
    stop(figures) {
      clearInterval(timer)
      loads.push(loadavg()[0]!)
      const mean = loads.reduce((a, b) => a + b, 0) / loads.length
      figures.record('machine.cores', cpus().length, 'cores')
      figures.record('machine.memory.gb', totalmem() / 1024 ** 3, 'GB')
      figures.record('machine.load.mean', mean, 'load')
      figures.record('machine.load.max', Math.max(...loads), 'load')
      return `machine: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB; 1-min load average over the run ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (mean ${mean.toFixed(1)}); ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`
    },
  }
}
