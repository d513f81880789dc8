import type { z } from 'zod'
import type { AppForm } from '../../../shared/api'
import { Application } from './schema'

/** The New app form as an Argo CD Application. */
export function applicationFromForm(form: z.output<typeof AppForm>): Application {
  return Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: form.name },
    spec: {
      project: form.project,
      source: { repoURL: form.repoURL, ...(form.chart ? { chart: form.chart } : form.path ? { path: form.path } : {}), targetRevision: form.targetRevision },
      destination: { ...(form.destinationName ? { name: form.destinationName } : { server: form.destinationServer }), ...(form.namespace ? { namespace: form.namespace } : {}) },
      syncPolicy: {
        ...(form.automated ? { automated: { prune: form.prune, selfHeal: form.selfHeal } } : {}),
        ...(form.createNamespace ? { syncOptions: ['CreateNamespace=true'] } : {}),
      },
    },
  })
}
