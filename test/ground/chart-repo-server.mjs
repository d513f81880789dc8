// A Helm chart repository as GitHub Pages or a plain web server serves one: static files
// (index.yaml and chart packages) over HTTPS with its own certificate, behind basic auth.
// `node chart-repo-server.mjs ROOT PORT CERT KEY`; the credentials come in CHART_REPO_AUTH
// (user:password), never on the command line.
import { createReadStream, statSync } from 'node:fs'
import { createServer } from 'node:https'
import { readFileSync } from 'node:fs'
import { join, normalize } from 'node:path'

const [root, port, cert, key] = process.argv.slice(2)
const expected = `Basic ${Buffer.from(process.env.CHART_REPO_AUTH ?? '').toString('base64')}`
const server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
  if (req.headers.authorization !== expected) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' })
    return res.end('authentication required\n')
  }
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname))
  if (path.includes('..')) return res.writeHead(400).end()
  const file = join(root, path)
  try {
    if (!statSync(file).isFile()) throw new Error('not a file')
  } catch {
    return res.writeHead(404).end('not found\n')
  }
  res.writeHead(200, { 'Content-Type': file.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip' })
  createReadStream(file).pipe(res)
})
server.listen(Number(port), '127.0.0.1')
