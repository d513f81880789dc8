import YAML from 'yaml'
import { readFileSync } from 'node:fs'
const r = '/root/go/pkg/mod/github.com/argoproj/argo-cd/v3@v3.2.11/resource_customizations/'
for (const f of ['db.atlasgo.io/AtlasSchema/testdata/healthy.yaml','work.karmada.io/ResourceBinding/testdata/progressing.yaml','rabbitmq.com/User/testdata/unknown.yaml','openfaas.com/Function/testdata/progressing.yaml']) {
  const docs = YAML.parseAllDocuments(readFileSync(r + f, 'utf8'), { strict: false, uniqueKeys: false })
  const d = Array.isArray(docs) ? docs[0] : docs
  console.log(f, d.errors.map((e: any) => e.code), JSON.stringify(d.toJS()).slice(0, 100))
}
