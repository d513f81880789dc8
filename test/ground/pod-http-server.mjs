// What a kwok pod's ports answer on the test ground: kwok's ClusterPortForward sends every
// port-forward to this server (`node pod-http-server.mjs PORT CLUSTER`), which says which
// cluster it stands for and what was asked, so a test sees the request went the whole way.
import { createServer } from 'node:http'

const [port, cluster] = process.argv.slice(2)
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(`${cluster} pod answers ${req.method} ${req.url}\n`)
})
server.listen(Number(port), '127.0.0.1')
