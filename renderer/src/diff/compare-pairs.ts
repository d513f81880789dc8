import type { AppSummary, CompareSide } from '../../../shared/model'

/**
 * The apps an app is offered as a pair with in one click: the others its ApplicationSet
 * generates (one per cluster, as a clusters generator makes them), by name.
 */
export function appSetSiblings(apps: AppSummary[], name: string): AppSummary[] {
  const appset = apps.find((a) => a.name === name)?.appset
  if (!appset) return []
  return apps.filter((a) => a.appset === appset && a.name !== name).sort((a, b) => a.name.localeCompare(b.name))
}

/** How a compare side reads before it is compared: `guestbook (live)`, `guestbook at v1.2.0`, `guestbook (Git)`. */
export function sideTitle(side: CompareSide): string {
  return side.live ? `${side.app} (live)` : side.revision ? `${side.app} at ${side.revision}` : `${side.app} (Git)`
}
