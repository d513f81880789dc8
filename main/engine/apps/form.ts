import type { z } from 'zod'
import type { AppForm } from '../../../shared/api'
import { applicationOfForm } from '../../../shared/app-form'
import { Application } from '../model/app-schema'

/** The New app form as an Argo CD Application. */
export function applicationFromForm(form: z.output<typeof AppForm>): Application {
  return Application.parse(applicationOfForm(form))
}
