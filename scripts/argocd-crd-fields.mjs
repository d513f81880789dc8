#!/usr/bin/env node
// Generates main/engine/apps/argocd-fields.json: the fields Argo CD v3.2.11's CRDs allow at each
// path of an Application, ApplicationSet and AppProject, for the strict check of
// main/engine/apps/strict-fields.ts (Argo CD refuses unknown fields: the API server's strict
// field validation). Run: node scripts/argocd-crd-fields.mjs [crd-dir]
// Without a directory the CRDs are read from the Go module (go mod download).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'

// The Argo CD version is pinned in one place, test/argocd/go.mod (the test ground's Argo CD).
const version = /^require github\.com\/argoproj\/argo-cd\/v3 (v\S+)$/m.exec(readFileSync(fileURLToPath(new URL('../test/argocd/go.mod', import.meta.url)), 'utf8'))[1]
const crdDir = process.argv[2] ?? join(JSON.parse(execFileSync('go', ['mod', 'download', '-json', `github.com/argoproj/argo-cd/v3@${version}`], { encoding: 'utf8' })).Dir, 'manifests', 'crds')
const out = fileURLToPath(new URL('../main/engine/apps/argocd-fields.json', import.meta.url))

// Nodes are shared by shape (the ApplicationSet CRD repeats the Application template per
// generator): node 0 is "anything" (a scalar, or an object that keeps unknown fields).
// {o: {field: node}} an object with these fields; {a: node} a list; {m: node} a map of names.
const nodes = [0]
const ids = new Map([['0', 0]])
function intern(node) {
  const key = JSON.stringify(node)
  if (!ids.has(key)) {
    ids.set(key, nodes.length)
    nodes.push(node)
  }
  return ids.get(key)
}

function build(schema) {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] || schema['x-kubernetes-int-or-string']) return 0
  if (schema.type === 'array') return schema.items ? (build(schema.items) === 0 ? 0 : intern({ a: build(schema.items) })) : 0
  if (schema.properties) {
    const fields = {}
    for (const name of Object.keys(schema.properties).sort()) fields[name] = build(schema.properties[name])
    return intern({ o: fields })
  }
  if (typeof schema.additionalProperties === 'object') {
    const value = build(schema.additionalProperties)
    return value === 0 ? 0 : intern({ m: value })
  }
  return 0
}

// The CRDs leave metadata open (the API server checks it as an ObjectMeta): these are its fields.
const objectMeta = intern({
  o: Object.fromEntries(
    ['annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName', 'generation', 'labels', 'managedFields', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'selfLink', 'uid'].map((f) => [f, 0]),
  ),
})

const roots = {}
for (const file of ['application-crd.yaml', 'applicationset-crd.yaml', 'appproject-crd.yaml']) {
  const crd = YAML.parse(readFileSync(join(crdDir, file), 'utf8'))
  const served = crd.spec.versions.find((v) => v.name === 'v1alpha1')
  const schema = structuredClone(served.schema.openAPIV3Schema)
  delete schema.properties.metadata
  const root = nodes[build(schema)]
  roots[crd.spec.names.kind] = intern({ o: { ...root.o, metadata: objectMeta } })
}

writeFileSync(out, `${JSON.stringify({ source: `github.com/argoproj/argo-cd/v3@${version} manifests/crds`, roots, nodes })}\n`)
console.log(`${out}: ${nodes.length} shapes`)
