import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import YAML from 'yaml'
import { groupOf, type K8sObject } from '../../main/engine/base/objects'
import { BundledScripts } from '../../main/engine/customizations/bundled-scripts'
import { HealthChecks } from '../../main/engine/health/custom-health'
import { LuaScripts } from '../../main/engine/lua/lua-scripts'
import { argocdModuleDir, argocdVersion } from '../ground/argocd'
import type { Figures } from './figures'

/** 20 kinds Argo CD ships a health.lua for, common in clusters (operators, Flux, cert-manager, …). */
const kinds = [
  'argoproj.io/Rollout', 'argoproj.io/AnalysisRun', 'kafka.strimzi.io/Kafka', 'kafka.strimzi.io/KafkaTopic', 'cert-manager.io/Certificate',
  'cert-manager.io/Issuer', 'elasticsearch.k8s.elastic.co/Elasticsearch', 'helm.toolkit.fluxcd.io/HelmRelease', 'kustomize.toolkit.fluxcd.io/Kustomization', 'source.toolkit.fluxcd.io/GitRepository',
  'keda.sh/ScaledObject', 'apiextensions.k8s.io/CustomResourceDefinition', 'operators.coreos.com/Subscription', 'kubevirt.io/VirtualMachine', 'cluster.x-k8s.io/Cluster',
  'external-secrets.io/ExternalSecret', 'bitnami.com/SealedSecret', 'serving.kserve.io/InferenceService', 'rabbitmq.com/RabbitmqCluster', 'monitoring.coreos.com/Prometheus',
]
const perKind = 50
const passes = 3

/**
 * Argo CD's bundled health checks on a warm Lua VM: 1,000 objects of 20 kinds (Argo CD's own
 * testdata for each kind, 50 copies with their own name, uid and resourceVersion) judged through
 * the engine's HealthChecks, per check (median, p90, p99) and per 1,000; beside it, the compiled
 * rule's time for 1,000 Deployments (gitops-engine's check, in TypeScript). The cold cost is a
 * kind's first check: its script read, hash-checked and compiled. Goal: median under 1 ms.
 */
export async function healthChecksBench(figures: Figures): Promise<void> {
  const objects = kinds.flatMap((key) => copies(samplesOf(key), perKind))
  const deployments = copies(deploymentSamples(), 1000)
  const lua = await LuaScripts.create()
  try {
    const checks = new HealthChecks({ lua: () => lua, bundled: new BundledScripts() })
    // Cold: each kind's first check on the started VM (the first also reads the script index).
    const cold = kinds.map((_, k) => timeOne(checks, objects[k * perKind]!))
    figures.record('health.bundled.cold.first.ms', cold[0]!, 'ms')
    const later = cold.slice(1).sort((a, b) => a - b)
    figures.record('health.bundled.cold.median.ms', later[Math.floor(later.length / 2)]!, 'ms')
    figures.record('health.bundled.cold.max.ms', later.at(-1)!, 'ms')

    const bundled = measure(checks, objects)
    const compiled = measure(checks, deployments)
    figures.record('health.bundled.check.median.ms', bundled.median, 'ms')
    figures.record('health.bundled.check.p90.ms', bundled.p90, 'ms')
    figures.record('health.bundled.check.p99.ms', bundled.p99, 'ms')
    figures.record('health.bundled.1000.ms', bundled.total, 'ms')
    figures.record('health.bundled.unchanged.median.ms', bundled.unchangedMedian, 'ms')
    figures.record('health.compiled.check.median.ms', compiled.median, 'ms')
    figures.record('health.compiled.1000.ms', compiled.total, 'ms')
    if (compiled.median > 0) figures.record('ratio.health.bundled.vs.compiled', bundled.median / compiled.median, 'x')
    console.log(`bundled Lua check median ${bundled.median.toFixed(3)} ms (goal < 1 ms: ${bundled.median < 1 ? 'met' : 'NOT met'}; an unchanged object ${bundled.unchangedMedian.toFixed(4)} ms) vs compiled rule ${compiled.median.toFixed(4)} ms; statuses ${JSON.stringify(bundled.statuses)}`)
  } finally {
    await lua.close()
  }
}

/**
 * One warm-up pass, then `passes` timed ones, each over a new version of every object (a verdict is
 * remembered per object version, so an unchanged object is not judged again: that is measured
 * apart, as `unchanged`): each check's time, and each pass's whole time.
 */
function measure(checks: HealthChecks, objects: K8sObject[]) {
  const version = (pass: number) => objects.map((o) => ({ ...o, metadata: { ...o.metadata, resourceVersion: `${o.metadata.resourceVersion}-${pass}` } }))
  const versions = Array.from({ length: passes + 1 }, (_, pass) => version(pass))
  for (const obj of versions[0]!) checks.healthOf(obj)
  const times: number[] = []
  const totals: number[] = []
  const statuses: Record<string, number> = {}
  for (let pass = 1; pass <= passes; pass++) {
    const start = performance.now()
    for (const obj of versions[pass]!) times.push(timeOne(checks, obj, pass === 1 ? statuses : undefined))
    totals.push(performance.now() - start)
  }
  const unchanged = versions[passes]!.map((obj) => timeOne(checks, obj)).sort((a, b) => a - b)
  times.sort((a, b) => a - b)
  totals.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!
  return { median: at(0.5), p90: at(0.9), p99: at(0.99), total: totals[Math.floor(totals.length / 2)]!, statuses, unchangedMedian: unchanged[Math.floor(unchanged.length / 2)]! }
}

function timeOne(checks: HealthChecks, obj: K8sObject, statuses?: Record<string, number>): number {
  const start = performance.now()
  const health = checks.healthOf(obj)
  const took = performance.now() - start
  if (!health) throw new Error(`no health check answered for ${obj.apiVersion} ${obj.kind}`)
  if (statuses) statuses[health.status] = (statuses[health.status] ?? 0) + 1
  return took
}

/** `count` objects cycling through the samples, each with its own name, uid and resourceVersion. */
function copies(samples: K8sObject[], count: number): K8sObject[] {
  return Array.from({ length: count }, (_, i) => {
    const sample = structuredClone(samples[i % samples.length]!)
    return { ...sample, metadata: { ...sample.metadata, name: `${sample.metadata.name ?? sample.kind.toLowerCase()}-${i}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, resourceVersion: String(10_000 + i) } }
  })
}

/** A kind's objects from Argo CD's module (resource_customizations/<group>/<Kind>/testdata). */
function samplesOf(key: string): K8sObject[] {
  const dir = join(moduleDir(), 'resource_customizations', key, 'testdata')
  const [group, kind] = key.split('/') as [string, string]
  const samples = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as K8sObject | null))
    .filter((o): o is K8sObject => !!o && o.kind === kind && groupOf(o.apiVersion) === group && !o.metadata?.deletionTimestamp)
  if (!samples.length) throw new Error(`no ${key} object in ${dir}`)
  return samples
}

/** Deployments in the states gitops-engine's check tells apart (the engine's health testdata). */
function deploymentSamples(): K8sObject[] {
  const dir = join(import.meta.dirname, '../../main/engine/health/testdata')
  return readdirSync(dir)
    .filter((f) => f.startsWith('deployment-') && f !== 'deployment-deleting.yaml')
    .sort()
    .map((f) => YAML.parse(readFileSync(join(dir, f), 'utf8')) as K8sObject)
}

let cachedModuleDir: string | undefined
/** Argo CD's Go module, at the version the ground pins (fetched once into Go's module cache). */
function moduleDir(): string {
  cachedModuleDir ??= (JSON.parse(execFileSync('go', ['mod', 'download', '-json', `github.com/argoproj/argo-cd/v3@${argocdVersion()}`], { cwd: argocdModuleDir, encoding: 'utf8' })) as { Dir: string }).Dir
  return cachedModuleDir
}
