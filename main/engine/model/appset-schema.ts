import { z } from 'zod'

// The name's rule (shared/names.ts) is checked where ApplicationSets come in (parse.ts).
const name253 = z.string().min(1).max(253)
const Generator = z.record(z.string(), z.unknown())

/**
 * Argo CD's ApplicationSet (argoproj.io/v1alpha1), unchanged: generators are checked as they run
 * (each names what is wrong), the template is an Application's metadata and spec.
 */
export const ApplicationSet = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('ApplicationSet'),
  metadata: z.looseObject({ name: name253, namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() }),
  spec: z.looseObject({
    generators: z.array(Generator).min(1, 'needs at least one generator'),
    template: z.looseObject({ metadata: z.looseObject({}).default({}), spec: z.looseObject({}) }),
    goTemplate: z.boolean().optional(),
    goTemplateOptions: z.array(z.string()).optional(),
    templatePatch: z.string().optional(),
    syncPolicy: z
      .looseObject({
        applicationsSync: z.enum(['create-only', 'create-update', 'create-delete', 'sync']).optional(),
        preserveResourcesOnDeletion: z.boolean().optional(),
      })
      .optional(),
    strategy: z.looseObject({ type: z.string().optional() }).optional(),
  }),
})
export type ApplicationSet = z.infer<typeof ApplicationSet>

/** The annotation that makes a generated app its ApplicationSet's (edited only through it). */
export const ownerAnnotation = 'gitops-desk.io/applicationset'
