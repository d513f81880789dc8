import { z } from 'zod'

/** The secrets an imported cluster may have, each kept in the keychain under its own account. */
export const clusterSecretFields = ['bearerToken', 'password', 'certData', 'keyData'] as const

/** An imported cluster as settings keep it: the connection, and which secrets the keychain holds. */
export const ImportedCluster = z.object({
  name: z.string().min(1),
  server: z.string().url(),
  insecure: z.boolean().default(false),
  caData: z.string().optional(),
  serverName: z.string().optional(),
  username: z.string().optional(),
  exec: z.object({ command: z.string(), args: z.array(z.string()).default([]), env: z.array(z.object({ name: z.string(), value: z.string() })).default([]), apiVersion: z.string() }).optional(),
  /** Which secrets the keychain holds for it; the values never live here. */
  secrets: z.array(z.enum(clusterSecretFields)).default([]),
})
export type ImportedCluster = z.infer<typeof ImportedCluster>
