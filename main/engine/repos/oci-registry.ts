import { createHash } from 'node:crypto'
import { UserError } from '../base/errors'
import type { GitCredentials } from './credentials'
import { httpGet, type HttpCredentials } from './http-get'

const helmChartLayer = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip'
const manifestTypes = 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

/** `oci://host/path` or `host/path` (Argo CD's repoURL with enableOCI) → registry host and repository path. */
export function ociReference(repoURL: string, chart: string): { host: string; repository: string; display: string } {
  const bare = repoURL.replace(/^oci:\/\//, '').replace(/\/+$/, '')
  const slash = bare.indexOf('/')
  const host = slash < 0 ? bare : bare.slice(0, slash)
  const path = slash < 0 ? '' : bare.slice(slash + 1)
  const repository = path ? `${path}/${chart}` : chart
  return { host, repository, display: `oci://${host}/${repository}` }
}

/** Whether a chart source's repoURL names an OCI registry rather than a chart repository. */
export const isOciRepoUrl = (repoURL: string): boolean => repoURL.startsWith('oci://') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(repoURL)

/**
 * A registry client for Helm charts stored as OCI artifacts (the distribution API): tags listed,
 * a manifest read, the chart layer downloaded. Basic auth is sent as given; a registry that asks
 * for a bearer token (WWW-Authenticate: Bearer realm=…) gets one from its realm with the same
 * credentials, as `helm registry login` does.
 */
export class OciClient {
  private token: string | null = null

  constructor(
    private readonly host: string,
    private readonly credentials: GitCredentials,
  ) {}

  async tags(repository: string): Promise<string[]> {
    const body = await this.get(`/v2/${repository}/tags/list`)
    const parsed = JSON.parse(body.toString('utf8')) as { tags?: string[] | null }
    // Helm stores a version's `+` as `_` in a tag (OCI tags cannot hold `+`).
    return (parsed.tags ?? []).map((t) => t.replace(/_/g, '+'))
  }

  /** The chart package of a tag, checked against the digest the manifest gives. */
  async chartPackage(repository: string, version: string): Promise<{ tgz: Buffer; digest: string }> {
    const manifest = JSON.parse((await this.get(`/v2/${repository}/manifests/${version.replace(/\+/g, '_')}`, manifestTypes)).toString('utf8')) as { layers?: { mediaType: string; digest: string }[] }
    const layer = manifest.layers?.find((l) => l.mediaType === helmChartLayer)
    if (!layer) throw new UserError('Invalid', `oci://${this.host}/${repository}:${version} is not a Helm chart (no ${helmChartLayer} layer)`, `${repository}:${version}`)
    const tgz = await this.get(`/v2/${repository}/blobs/${layer.digest}`)
    const actual = `sha256:${createHash('sha256').update(tgz).digest('hex')}`
    if (actual !== layer.digest) throw new UserError('Invalid', `oci://${this.host}/${repository}:${version}: the layer's digest is ${actual}, not ${layer.digest}`, `${repository}:${version}`)
    return { tgz, digest: layer.digest.replace(/^sha256:/, '') }
  }

  private async get(path: string, accept?: string): Promise<Buffer> {
    const url = `https://${this.host}${path}`
    const base: HttpCredentials = { ...(this.credentials.caData ? { caData: this.credentials.caData } : {}), ...(this.credentials.insecure ? { insecure: true } : {}) }
    const headers = { ...(accept ? { accept } : {}) }
    const withAuth = () => (this.token ? { ...base, bearer: this.token } : { ...base, ...(this.credentials.username ? { username: this.credentials.username, password: this.credentials.password ?? '' } : {}) })
    try {
      return await httpGet(url, withAuth(), { maxBytes: 512 * 1024 * 1024, headers })
    } catch (error) {
      const challenge = error instanceof UserError ? (error as UserError & { challenge?: string }).challenge : undefined
      if (!challenge || this.token || !/^Bearer /i.test(challenge)) throw error
      this.token = await this.fetchToken(challenge, base)
      return httpGet(url, { ...base, bearer: this.token }, { maxBytes: 512 * 1024 * 1024, headers })
    }
  }

  /** The token flow of the distribution spec: GET realm?service=…&scope=… with the credentials. */
  private async fetchToken(challenge: string, base: HttpCredentials): Promise<string> {
    const params = Object.fromEntries([...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]))
    if (!params.realm) throw new UserError('Unavailable', `${this.host} asks for a token without saying where to get it`, this.host)
    const realm = new URL(params.realm)
    for (const key of ['service', 'scope']) if (params[key]) realm.searchParams.set(key, params[key]!)
    const body = await httpGet(realm.toString(), { ...base, ...(this.credentials.username ? { username: this.credentials.username, password: this.credentials.password ?? '' } : {}), passCredentials: true })
    const parsed = JSON.parse(body.toString('utf8')) as { token?: string; access_token?: string }
    const token = parsed.token ?? parsed.access_token
    if (!token) throw new UserError('Unavailable', `${this.host}'s token service gave no token`, this.host)
    return token
  }
}
