import { z } from 'zod'

// Argo CD's resource customizations beyond health, as GitOps Desk stores them (settings), keyed
// `group/Kind` (`/Kind` for the core group, `*/*` for Argo CD's `all`; globs allowed).

/** What to ignore in a diff (Argo CD's OverrideIgnoreDiff). */
export const IgnoreSpec = z.object({
  jsonPointers: z.array(z.string()).optional(),
  jqPathExpressions: z.array(z.string()).optional(),
  managedFieldsManagers: z.array(z.string()).optional(),
})
export type IgnoreSpec = z.infer<typeof IgnoreSpec>

/** A kind's Lua actions: discovery.lua and each action.lua by name. */
export const LuaActionSet = z.object({
  discovery: z.string().min(1),
  definitions: z.array(z.object({ name: z.string().min(1).max(100), script: z.string().min(1) })).default([]),
  /** Argo CD's mergeBuiltinActions: the built-in actions stay beside these. */
  mergeBuiltinActions: z.boolean().default(false),
})
export type LuaActionSet = z.infer<typeof LuaActionSet>

/** Argo CD's resource.exclusions / resource.inclusions entry (globs; empty lists match all). */
export const FilteredResource = z.object({
  apiGroups: z.array(z.string()).optional(),
  kinds: z.array(z.string()).optional(),
  clusters: z.array(z.string()).optional(),
})
export type FilteredResource = z.infer<typeof FilteredResource>

export const ResourceCustomizations = z.object({
  ignoreDifferences: z.record(z.string(), IgnoreSpec).default({}),
  actions: z.record(z.string(), LuaActionSet).default({}),
  exclusions: z.array(FilteredResource).default([]),
  inclusions: z.array(FilteredResource).default([]),
  /** Argo CD's resource.compareoptions ignoreAggregatedRoles: an aggregated ClusterRole's rules are the controller's. */
  ignoreAggregatedRoles: z.boolean().default(false),
})
export type ResourceCustomizations = z.infer<typeof ResourceCustomizations>
