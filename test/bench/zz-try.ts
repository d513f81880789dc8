import { BenchChild, processUsage } from './child'
import { Figures } from './figures'
const t = performance.now()
const c = await BenchChild.start('peer-desk.ts', { dataDir: '/tmp/bd/peer-data', repoURL: 'file:///nonexistent', apps: 100, helm: 'helm', kustomize: 'kustomize' }, new Figures())
console.log('started in', performance.now() - t, processUsage(c.pid))
await c.close()
console.log('closed')
