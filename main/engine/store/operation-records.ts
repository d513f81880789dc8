import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { Operation } from '../../../shared/model'
import { dryRunOutcomes, operationInitiators, operationKinds, operationPhases, resultCodes, syncPhases, taskActions } from '../../../shared/statuses'

const ResourceResult = z.object({
  key: z.string(),
  phase: z.enum(syncPhases),
  wave: z.number(),
  action: z.enum(taskActions),
  code: z.enum(resultCodes),
  message: z.string(),
  outcome: z.enum(dryRunOutcomes).optional(),
  changed: z.array(z.string()).optional(),
})

const OperationSnapshot = z.object({
  id: z.string(),
  app: z.string(),
  kind: z.enum(operationKinds),
  initiator: z.enum(operationInitiators),
  dryRun: z.boolean(),
  context: z.string(),
  revision: z.string(),
  attempts: z.number(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  rollbackTo: z.number().optional(),
  phase: z.enum(operationPhases),
  message: z.string(),
  resources: z.array(ResourceResult),
  applied: z.array(z.string()),
  requests: z.object({ dryRun: z.number(), apply: z.number(), wait: z.number(), dryRunsReused: z.number(), dryRunsChecked: z.number().default(0) }).optional(),
  queued: z.boolean().optional(),
  interrupted: z.boolean().optional(),
})

/**
 * An operation as written while it runs: its owner's process id (a dead owner means it was
 * interrupted), the operation with each resource's result so far, and whether the interruption
 * has been written to the history yet. Resources are named by key only: no object is stored.
 */
export const OperationRecord = z.object({
  pid: z.number().int(),
  operation: OperationSnapshot,
  /** When it was last written: the last sign of life of an operation that was interrupted. */
  savedAt: z.string(),
  /** The interruption is in the app's history (written once, by the first process that saw it). */
  recorded: z.boolean().default(false),
})
export interface OperationRecord {
  pid: number
  operation: Operation
  savedAt: string
  recorded: boolean
}

/**
 * The running operations of a data folder, one small file per app in `operations/`, each written
 * atomically (0600) as the operation goes, removed when it ends. What a crash leaves here is what
 * the next start shows as interrupted. Several processes (the app, the CLI) share the folder.
 */
export class OperationRecords {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'operations')
  }

  write(record: OperationRecord): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const file = this.fileOf(record.operation.app)
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 })
    renameSync(tmp, file)
  }

  read(app: string): OperationRecord | null {
    return parseRecord(this.fileOf(app))
  }

  /** Every readable record; a file that is not one (damaged, foreign) is left out. */
  list(): OperationRecord[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return []
    }
    return names.filter((n) => n.endsWith('.json')).flatMap((n) => parseRecord(join(this.dir, n)) ?? [])
  }

  /** Removes the app's record if it is still this operation's (another may have started since). */
  remove(app: string, operationId: string): void {
    if (this.read(app)?.operation.id === operationId) rmSync(this.fileOf(app), { force: true })
  }

  /** App names are Kubernetes names, but the file name must never leave the folder whatever it is. */
  private fileOf(app: string): string {
    return join(this.dir, `${encodeURIComponent(app).replace(/\./g, '%2E')}.json`)
  }
}

function parseRecord(file: string): OperationRecord | null {
  // Asked for every status published: most apps have no record, and a thrown ENOENT costs far more than a look.
  if (!existsSync(file)) return null
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    const parsed = OperationRecord.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The operation records beside a store file (its data folder). */
export const operationRecordsOf = (store: { readonly path: string }): OperationRecords => new OperationRecords(dirname(store.path))
