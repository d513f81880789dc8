import jsyaml from 'js-yaml'
import { readFileSync } from 'node:fs'
const r = '/root/go/pkg/mod/github.com/argoproj/argo-cd/v3@v3.2.11/resource_customizations/'
for (const f of ['db.atlasgo.io/AtlasSchema/testdata/healthy.yaml','work.karmada.io/ResourceBinding/testdata/progressing.yaml','rabbitmq.com/User/testdata/unknown.yaml','openfaas.com/Function/testdata/progressing.yaml']) {
  try { const d: any = jsyaml.loadAll(readFileSync(r + f, 'utf8'), undefined, { json: true })[0]; console.log(f, JSON.stringify(d.status).slice(0, 300)) } catch (e) { console.log(f, String(e).slice(0, 200)) }
}
