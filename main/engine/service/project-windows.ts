import type { AppSyncWindows, SyncWindowTimeline } from '../../../shared/model'
import type { AppProject } from '../model/app-schema'
import { activeRanges } from '../model/sync-window-ranges'
import { isActive, matchingWindows, windowBlock, type WindowTarget } from '../model/sync-windows'

/**
 * A project's sync windows over the next `hours` (and an eighth of that before now, so the now
 * marker has what just ended beside it), each with when it is active, for the timeline.
 */
export function windowTimeline(project: AppProject, now: Date, hours: number): SyncWindowTimeline {
  const from = new Date(now.getTime() - (hours * 3_600_000) / 8)
  const to = new Date(now.getTime() + hours * 3_600_000)
  const iso = (ms: number) => new Date(ms).toISOString()
  return {
    now: now.toISOString(),
    from: from.toISOString(),
    to: to.toISOString(),
    windows: (project.spec.syncWindows ?? []).map((w) => ({
      kind: w.kind,
      schedule: w.schedule,
      duration: w.duration,
      ...(w.timeZone ? { timeZone: w.timeZone } : {}),
      applications: w.applications ?? [],
      namespaces: w.namespaces ?? [],
      clusters: w.clusters ?? [],
      manualSync: !!w.manualSync,
      activeNow: isActive(w, now),
      ranges: activeRanges(w, from, to).map((r) => ({ start: iso(r.start), end: iso(r.end) })),
    })),
  }
}

/** Whether the project's windows let an app sync now, by hand and automatically (the rule a sync applies). */
export function appWindowState(project: AppProject, target: WindowTarget, now: Date): AppSyncWindows {
  const windows = project.spec.syncWindows ?? []
  return { project: project.metadata.name, matching: matchingWindows(windows, target).length, manual: windowBlock(windows, target, now, true), automated: windowBlock(windows, target, now, false) }
}
