import { z } from 'zod'

const Command = z.looseObject({ command: z.array(z.string()).min(1, 'needs a command'), args: z.array(z.string()).optional() })

/** A parameter a plugin announces (Argo CD's ParameterAnnouncement): shown as a field in the app editor. */
export const ParameterAnnouncement = z.looseObject({
  name: z.string().min(1),
  title: z.string().optional(),
  tooltip: z.string().optional(),
  required: z.boolean().optional(),
  itemType: z.string().optional(),
  collectionType: z.enum(['string', 'array', 'map']).optional(),
  string: z.string().optional(),
  array: z.array(z.string()).optional(),
  map: z.record(z.string(), z.string()).optional(),
})
export type ParameterAnnouncement = z.infer<typeof ParameterAnnouncement>

/**
 * Argo CD's ConfigManagementPlugin (the sidecar's plugin.yaml), unchanged: init and generate
 * commands, discovery by fileName, find.glob or find.command, static and dynamic parameters.
 */
export const ConfigManagementPlugin = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('ConfigManagementPlugin'),
  metadata: z.looseObject({ name: z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS-1123 name') }),
  spec: z.looseObject({
    version: z.string().optional(),
    init: Command.optional(),
    generate: Command,
    discover: z
      .looseObject({
        fileName: z.string().optional(),
        find: z.looseObject({ glob: z.string().optional(), command: z.array(z.string()).optional(), args: z.array(z.string()).optional() }).optional(),
      })
      .optional(),
    parameters: z.looseObject({ static: z.array(ParameterAnnouncement).optional(), dynamic: Command.optional() }).optional(),
    preserveFileMode: z.boolean().optional(),
  }),
})
export type ConfigManagementPlugin = z.infer<typeof ConfigManagementPlugin>

/** A plugin's name as apps name it: `NAME-VERSION` when it has a version, as in Argo CD. */
export const pluginName = (plugin: ConfigManagementPlugin) => (plugin.spec.version ? `${plugin.metadata.name}-${plugin.spec.version}` : plugin.metadata.name)

/** An app's `source.plugin`. */
export const SourcePlugin = z.looseObject({
  name: z.string().optional(),
  env: z.array(z.looseObject({ name: z.string().min(1), value: z.string() })).optional(),
  parameters: z.array(z.looseObject({ name: z.string().min(1), string: z.string().optional(), array: z.array(z.string()).optional(), map: z.record(z.string(), z.string()).optional() })).optional(),
})
export type SourcePlugin = z.infer<typeof SourcePlugin>
