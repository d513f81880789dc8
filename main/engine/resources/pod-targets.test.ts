import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { containerOf, podPort, requireRunning, serviceBackend } from './pod-targets'

const pod = (name: string, labels: Record<string, string>, extra: { ready?: boolean; phase?: string; created?: string; deleting?: boolean; ns?: string } = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: extra.ns ?? 'shop', labels, creationTimestamp: extra.created ?? '2026-01-01T00:00:00Z', ...(extra.deleting ? { deletionTimestamp: '2026-01-02T00:00:00Z' } : {}) },
  spec: { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }, { name: 'sidecar' }] },
  status: { phase: extra.phase ?? 'Running', conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
})
const service = (ports: { name?: string; port: number; targetPort?: number | string }[], selector: Record<string, string> = { app: 'web' }): K8sObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector, ports } })

describe('where a port-forward to a Service goes (as kubectl port-forward svc/NAME)', () => {
  it('picks a ready running pod the selector picks, the oldest first, and maps the port to its target port', () => {
    const pods = [pod('web-b', { app: 'web' }, { created: '2026-01-03T00:00:00Z' }), pod('web-a', { app: 'web' }, { created: '2026-01-02T00:00:00Z' }), pod('web-old-unready', { app: 'web' }, { ready: false, created: '2025-01-01T00:00:00Z' }), pod('other', { app: 'db' })]
    const chosen = serviceBackend(service([{ port: 80, targetPort: 8080 }]), pods, 80)
    expect(chosen.pod.metadata.name).toBe('web-a')
    expect(chosen.port).toBe(8080)
  })

  it('takes a service port by name and a named target port from the pod', () => {
    expect(serviceBackend(service([{ name: 'http', port: 80, targetPort: 'http' }]), [pod('web-a', { app: 'web' })], 'http').port).toBe(8080)
    // No targetPort: the service port itself.
    expect(serviceBackend(service([{ port: 9090 }]), [pod('web-a', { app: 'web' })], 9090).port).toBe(9090)
  })

  it('leaves out pods that are not running, are being deleted or live in another namespace', () => {
    const pods = [pod('pending', { app: 'web' }, { phase: 'Pending' }), pod('going', { app: 'web' }, { deleting: true }), pod('elsewhere', { app: 'web' }, { ns: 'other' })]
    expect(() => serviceBackend(service([{ port: 80 }]), pods, 80)).toThrow('no running pod backs Service web (selector app=web)')
  })

  it('says which ports a Service has when asked for another, and refuses one without a selector', () => {
    expect(() => serviceBackend(service([{ name: 'http', port: 80 }, { port: 443 }]), [pod('web-a', { app: 'web' })], 8080)).toThrow('Service web has no port 8080 (it has: 80 (http), 443)')
    expect(() => serviceBackend(service([{ port: 80 }], {}), [pod('web-a', { app: 'web' })], 80)).toThrow('Service web has no selector: no pods back it')
  })
})

describe('a pod as exec and port-forward reach it', () => {
  it('opens the container asked for, else the default-container annotation, else the first', () => {
    const p = pod('web-a', {})
    expect(containerOf(p)).toBe('web')
    expect(containerOf(p, 'sidecar')).toBe('sidecar')
    expect(containerOf({ ...p, metadata: { ...p.metadata, annotations: { 'kubectl.kubernetes.io/default-container': 'sidecar' } } })).toBe('sidecar')
    expect(() => containerOf(p, 'db')).toThrow('pod web-a has no container "db" (it has: web, sidecar)')
  })

  it('refuses a pod whose containers do not run, and finds named ports', () => {
    expect(() => requireRunning(pod('p', {}, { phase: 'Pending' }))).toThrow('pod p is Pending: no container of it runs')
    expect(podPort(pod('p', {}), 'http')).toBe(8080)
    expect(() => podPort(pod('p', {}), 'grpc')).toThrow('pod p has no port named "grpc"')
  })
})
