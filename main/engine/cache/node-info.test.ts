import { describe, expect, it } from 'vitest'
import type { K8sObject } from '../base/objects'
import { nodeInfo } from './node-info'

const obj = (apiVersion: string, kind: string, spec: unknown, status: unknown = {}, labels?: Record<string, string>): K8sObject => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...(labels ? { labels } : {}) }, spec, status }) as K8sObject

describe('node info for the Pod and Network views', () => {
  it("gives a pod's node, phase, container readiness and labels", () => {
    const pod = obj('v1', 'Pod', { nodeName: 'kwok-node-0', containers: [{ name: 'a' }, { name: 'b' }] }, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true }, { name: 'b', ready: false }] }, { app: 'web' })
    expect(nodeInfo(pod)).toEqual({ labels: { app: 'web' }, pod: { node: 'kwok-node-0', phase: 'Running', ready: 1, containers: 2 } })
  })

  it('leaves out the node of a pod not scheduled yet', () => {
    expect(nodeInfo(obj('v1', 'Pod', { containers: [{ name: 'a' }] }, { phase: 'Pending' }))).toEqual({ pod: { phase: 'Pending', ready: 0, containers: 1 } })
  })

  it("gives a Service's type, selector and external addresses (load balancer, external IPs, node ports)", () => {
    const lb = obj('v1', 'Service', { type: 'LoadBalancer', selector: { app: 'web' }, externalIPs: ['10.0.0.9'], ports: [{ port: 80, nodePort: 30080 }] }, { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } })
    expect(nodeInfo(lb)).toEqual({ service: { type: 'LoadBalancer', selector: { app: 'web' }, external: ['1.2.3.4', 'lb.example.com', '10.0.0.9', 'NodePort 30080'] } })
    expect(nodeInfo(obj('v1', 'Service', { ports: [{ port: 80 }] }))).toEqual({ service: { type: 'ClusterIP', external: [] } })
  })

  it("gives an Ingress's backend Services (default backend and every rule's paths), hosts and addresses", () => {
    const ingress = obj('networking.k8s.io/v1', 'Ingress', { defaultBackend: { service: { name: 'fallback' } }, rules: [{ host: 'web.test', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }, { path: '/api', backend: { service: { name: 'api' } } }] } }] }, { loadBalancer: { ingress: [{ ip: '5.6.7.8' }] } })
    expect(nodeInfo(ingress)).toEqual({ ingress: { services: ['api', 'fallback', 'web'], hosts: ['web.test'], external: ['5.6.7.8'] } })
  })

  it('gives nothing for other kinds, and ignores malformed fields', () => {
    expect(nodeInfo(obj('apps/v1', 'Deployment', { replicas: 1 }))).toEqual({})
    expect(nodeInfo(obj('v1', 'Pod', { nodeName: 3, containers: 'x' }, { containerStatuses: [null, 'x'] }))).toEqual({ pod: { phase: 'Unknown', ready: 0, containers: 0 } })
  })
})
