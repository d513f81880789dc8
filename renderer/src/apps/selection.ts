import type { AppSummary } from '../../../shared/api'

/** The selection with one app in or out. */
export function withSelected(selection: ReadonlySet<string>, name: string, selected: boolean): ReadonlySet<string> {
  if (selection.has(name) === selected) return selection
  const next = new Set(selection)
  if (selected) next.add(name)
  else next.delete(name)
  return next
}

/** Select-all over the shown apps: all of them in, or all of them out (apps not shown keep their state). */
export function withAllShown(selection: ReadonlySet<string>, shown: AppSummary[], selected: boolean): ReadonlySet<string> {
  const next = new Set(selection)
  for (const app of shown) {
    if (selected) next.add(app.name)
    else next.delete(app.name)
  }
  return next
}

/**
 * The shown apps that are selected (what the bulk commands act on), in the apps' own order (as
 * stored, whatever the sort), and whether that is all or some of the shown apps.
 */
export function selectedShown(selection: ReadonlySet<string>, shown: AppSummary[], apps: AppSummary[]): { apps: AppSummary[]; all: boolean; some: boolean } {
  if (!selection.size) return { apps: [], all: false, some: false }
  const shownNames = new Set(shown.map((a) => a.name))
  const picked = apps.filter((a) => selection.has(a.name) && shownNames.has(a.name))
  return { apps: picked, all: shown.length > 0 && picked.length === shown.length, some: picked.length > 0 }
}
