/** The views of an app's resources, in the chooser's order. */
export const resourceViews = [
  { value: 'tree', label: 'Tree' },
  { value: 'graph', label: 'Graph' },
  { value: 'list', label: 'List' },
  { value: 'pods', label: 'Pods' },
  { value: 'network', label: 'Network' },
] as const
export type ResourceViewName = (typeof resourceViews)[number]['value']

/** The view an app page shows when its URL names none. */
export const defaultResourceView: ResourceViewName = 'tree'

export const isResourceView = (value: string | null): value is ResourceViewName => resourceViews.some((v) => v.value === value)

const storageKey = 'gitops-desk.resource-view'

/** The view chosen last (kept across apps and restarts): an app opened from elsewhere opens in it. */
export function rememberedResourceView(): ResourceViewName {
  const saved = localStorage.getItem(storageKey)
  return isResourceView(saved) ? saved : defaultResourceView
}

export function rememberResourceView(view: ResourceViewName): void {
  localStorage.setItem(storageKey, view)
}
