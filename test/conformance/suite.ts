import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { openDesk } from '../../main/api/desk'
import type { GroundBinaries } from '../ground/build'
import { MemorySecrets } from '../support/memory-secrets'
import { ArgoSide, DeskSide, deviations, differences, liveDigest, type Observed } from './sides'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `probe` each second until `done` says so; fails with the last value at the deadline. */
export async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 150_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`)
    await sleep(1000)
  }
}

/** One conformance test file's two sides (the ground's Argo CD, an in-process GitOps Desk) and its checks. */
export class Conformance {
  readonly argo: ArgoSide
  readonly desk: DeskSide
  private readonly dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-conformance-'))
  private readonly service
  private readonly listed = deviations()
  private readonly used = new Set<string>()

  constructor(bin: GroundBinaries, kubeconfig: string, argocdNamespace: string) {
    this.argo = new ArgoSide(bin.kubectl, kubeconfig, argocdNamespace)
    this.service = openDesk({ dataDir: this.dataDir, secrets: new MemorySecrets(), start: false, syncPollMs: 250, controller: { autoSync: false } })
    this.service.engine.store.update((d) => void Object.assign(d.settings, { helmPath: bin.helm, kustomizePath: bin.kustomize }))
    this.desk = new DeskSide(this.service)
  }

  until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 150_000): Promise<T> {
    return until(what, probe, done, timeoutMs)
  }

  async both(name: string): Promise<{ argo: Observed; desk: Observed }> {
    return { argo: this.argo.observe(`argo-${name}`), desk: await this.desk.observe(`desk-${name}`) }
  }

  /** The live objects of both sides' apps (each side's namespace is named after its app). */
  withLive(name: string, observed: { argo: Observed; desk: Observed }): { argo: Observed; desk: Observed } {
    const read = (side: 'argo' | 'desk', o: Observed): Observed => {
      const app = `${side}-${name}`
      const live: Record<string, string> = {}
      for (const key of Object.keys(o.resources)) {
        const [group = '', kind = '', objectName = ''] = key.split('/')
        const resource = group ? `${kind}.${group}` : kind
        const found = this.argo.kubectl(['get', resource, objectName.replace('APP', app), '-n', app, '-o', 'json', '--ignore-not-found'])
        if (found.trim()) live[key] = liveDigest(JSON.parse(found) as Record<string, unknown>, app)
      }
      return { ...o, live }
    }
    return { argo: read('argo', observed.argo), desk: read('desk', observed.desk) }
  }

  /** Both sides' view once neither is still progressing (pods starting, hooks running). */
  settled(name: string): Promise<{ argo: Observed; desk: Observed }> {
    return this.until(`${name} settles`, () => this.both(name), (o) => o.argo.health !== 'Progressing' && o.desk.health !== 'Progressing' && o.argo.sync !== '' && Object.keys(o.argo.resources).length > 0)
  }

  /** Syncs the app on both sides and waits for both operations to end. */
  async sync(name: string, options: { prune?: boolean; syncOptions?: string[] } = {}): Promise<void> {
    this.argo.sync(`argo-${name}`, options)
    await Promise.all([this.desk.sync(`desk-${name}`, options), this.until(`Argo CD syncs ${name}`, () => this.argo.operationDone(`argo-${name}`), Boolean, 300_000)])
  }

  /** The labels and annotations of both sides' destination namespaces (managedNamespaceMetadata). */
  agreeOnNamespace(name: string, stage: string): void {
    const metadata = (side: string) => {
      const ns = JSON.parse(this.argo.kubectl(['get', 'namespace', `${side}-${name}`, '-o', 'json'])) as { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } }
      return liveDigest({ metadata: ns.metadata }, `${side}-${name}`)
    }
    const [argo, desk] = [metadata('argo'), metadata('desk')]
    const row = this.listed.find((d) => d.case === name && d.field.test(`${stage} namespace`) && d.values === `${argo} → ${desk}`)
    if (row) this.used.add(row.text)
    else expect(desk, `${name} ${stage}: the destination namespace's labels and annotations`).toBe(argo)
  }

  /** Fails on each difference that docs/deviations.md does not list for this case. */
  agree(name: string, stage: string, observed: { argo: Observed; desk: Observed }): void {
    const unlisted: string[] = []
    for (const [field, values] of differences(observed.argo, observed.desk)) {
      const row = this.listed.find((d) => (d.case === name || d.case === '*') && d.field.test(`${stage} ${field}`) && d.values === values)
      if (row) this.used.add(row.text)
      else unlisted.push(`${stage} ${field}: ${values} (Argo CD → GitOps Desk)`)
    }
    expect(unlisted, `${name}: differences from Argo CD not in docs/deviations.md`).toEqual([])
  }

  /** Listed deviations of these cases that did not occur (they should be removed). */
  unused(cases: string[]): string[] {
    return this.listed.filter((d) => cases.includes(d.case) && !this.used.has(d.text)).map((d) => d.text)
  }

  async close(apps: string[]): Promise<void> {
    for (const name of apps) this.argo.delete(`argo-${name}`)
    await this.service.close()
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}
