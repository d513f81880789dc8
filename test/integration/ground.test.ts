import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import {
  AppsV1Api,
  ApisApi,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1ConfigMap,
} from '@kubernetes/client-node'
import YAML from 'yaml'
import { describe, expect, inject, it } from 'vitest'
import { startApiserver, stopApiserver } from '../ground/cluster'
import { fixturesDir } from '../ground/git-fixture'

const kubeconfigPath = inject('kubeconfig')
const bin = inject('groundBinaries')

function client(context: string) {
  const kc = new KubeConfig()
  kc.loadFromFile(kubeconfigPath)
  kc.setCurrentContext(context)
  return { kc, objects: KubernetesObjectApi.makeApiClient(kc), core: kc.makeApiClient(CoreV1Api), apps: kc.makeApiClient(AppsV1Api) }
}

function applyConfigMap(objects: KubernetesObjectApi, body: V1ConfigMap, dryRun?: 'All') {
  return objects.patch(body, undefined, dryRun, 'gitops-desk', false, PatchStrategy.ServerSideApply)
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${String(last)}` : ''}`)
}

const statusOf = (error: unknown) => (error as { code?: number }).code

describe('test ground: real clusters', () => {
  it('server-side applies a ConfigMap with field manager gitops-desk on both clusters; a dry run changes nothing', async () => {
    for (const context of ['ground-1', 'ground-2']) {
      const { objects, core } = client(context)
      const cm: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa-check', namespace: 'default' }, data: { color: 'blue' } }
      const applied = await applyConfigMap(objects, cm)
      expect(applied.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toContainEqual(['gitops-desk', 'Apply'])

      const predicted = await applyConfigMap(objects, { ...cm, data: { color: 'green' } }, 'All')
      expect(predicted.data).toEqual({ color: 'green' })
      const live = await core.readNamespacedConfigMap({ name: 'ssa-check', namespace: 'default' })
      expect(live.data).toEqual({ color: 'blue' })
      expect(live.metadata?.resourceVersion).toBe(applied.metadata?.resourceVersion)
    }
  })

  it('gives the limited context 403 outside namespace limited, and access inside it', async () => {
    const { objects } = client('ground-1-limited')
    const outside = applyConfigMap(objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'nope', namespace: 'default' }, data: {} })
    await expect(outside).rejects.toSatisfy((error) => statusOf(error) === 403)
    const inside = await applyConfigMap(objects, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fine', namespace: 'limited' }, data: { a: '1' } })
    expect(inside.metadata?.uid).toBeTruthy()
  })

  it('serves a custom resource once its CRD is applied, and discovery lists the new kind', async () => {
    const { kc, objects } = client('ground-1')
    const crd: KubernetesObject & Record<string, unknown> = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.ground.gitops-desk.dev' },
      spec: {
        group: 'ground.gitops-desk.dev',
        names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
        scope: 'Namespaced',
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } } }],
      },
    }
    await objects.patch(crd, undefined, undefined, 'gitops-desk', false, PatchStrategy.ServerSideApply)
    const groups = await eventually('the Widget group in discovery', async () => {
      const list = await kc.makeApiClient(ApisApi).getAPIVersions()
      return list.groups.some((g) => g.name === 'ground.gitops-desk.dev') ? list : undefined
    })
    expect(groups.groups.map((g) => g.name)).toContain('ground.gitops-desk.dev')
    const kubectlKinds = execFileSync(bin.kubectl, ['--kubeconfig', kubeconfigPath, '--context', 'ground-1', 'api-resources', '--api-group=ground.gitops-desk.dev', '-o', 'name'], { encoding: 'utf8' })
    expect(kubectlKinds.trim()).toBe('widgets.ground.gitops-desk.dev')

    const widget = { apiVersion: 'ground.gitops-desk.dev/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3 } }
    const created = await eventually('the Widget to be accepted', () => objects.patch(widget, undefined, undefined, 'gitops-desk', false, PatchStrategy.ServerSideApply))
    expect((created as unknown as { spec: { size: number } }).spec.size).toBe(3)
  })

  it('runs a Deployment of 2 replicas to Available with 2 ready pods (kwok), and deletes a namespace with its contents', async () => {
    const { core, apps } = client('ground-1')
    await core.createNamespace({ body: { metadata: { name: 'ground-deploy' } } })
    await apps.createNamespacedDeployment({
      namespace: 'ground-deploy',
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
        },
      },
    })
    const available = await eventually('Deployment web Available', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: 'ground-deploy' })
      const ok = d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') && d.status?.readyReplicas === 2
      return ok ? d : undefined
    }, 90_000)
    expect(available.status?.availableReplicas).toBe(2)
    const pods = await core.listNamespacedPod({ namespace: 'ground-deploy' })
    expect(pods.items.filter((p) => p.status?.phase === 'Running')).toHaveLength(2)

    await core.deleteNamespace({ name: 'ground-deploy' })
    await eventually('namespace ground-deploy gone', async () => {
      try {
        await core.readNamespace({ name: 'ground-deploy' })
        return undefined
      } catch (error) {
        return statusOf(error) === 404 ? true : undefined
      }
    }, 90_000)
  })

  it('survives its apiserver being stopped and started again, with the data kept', async () => {
    const { core } = client('ground-2')
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'before-restart' }, data: { kept: 'yes' } } })
    const dir = inject('groundDir')
    await stopApiserver(dir, 2)
    await expect(core.readNamespacedConfigMap({ name: 'before-restart', namespace: 'default' })).rejects.toThrow()
    await startApiserver(dir, 2)
    const cm = await core.readNamespacedConfigMap({ name: 'before-restart', namespace: 'default' })
    expect(cm.data).toEqual({ kept: 'yes' })
  })
})

describe('test ground: helm and kustomize', () => {
  const objectsOf = (yamlStream: string) =>
    YAML.parseAllDocuments(yamlStream)
      .map((d) => d.toJS() as KubernetesObject | null)
      .filter((o): o is KubernetesObject => !!o)
      .map((o) => `${o.kind}/${o.metadata?.name}`)
      .sort()

  it('helm template renders helm-guestbook', () => {
    const out = execFileSync(bin.helm, ['template', 'demo', join(fixturesDir, 'helm-guestbook'), '--namespace', 'apps'], { encoding: 'utf8' })
    expect(objectsOf(out)).toEqual(['Deployment/demo-helm-guestbook', 'Service/demo-helm-guestbook'])
  })

  it('kustomize build renders kustomize-guestbook with its name prefix', () => {
    const out = execFileSync(bin.kustomize, ['build', join(fixturesDir, 'kustomize-guestbook')], { encoding: 'utf8' })
    expect(objectsOf(out)).toEqual(['Deployment/kustomize-guestbook-ui', 'Service/kustomize-guestbook-ui'])
  })
})
