// A second process for desk-store-shared.test.ts: adds COUNT apps named PREFIX-i, one write each.
import { Application } from '../../model/app-schema'
import { openDeskStore } from '../desk-store'

const [dataDir, prefix, count] = process.argv.slice(2) as [string, string, string]
const store = openDeskStore(dataDir)
for (let i = 0; i < Number(count); i++) {
  const app = Application.parse({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${prefix}-${i}` },
    spec: { source: { repoURL: 'https://example.com/r.git', path: 'p' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'g' } },
  })
  store.update((s) => void s.apps.push(app))
}
