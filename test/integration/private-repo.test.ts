import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Application } from '../../main/engine/model/app-schema'
import { UserError } from '../../main/engine/base/errors'
import { RepoCredentials } from '../../main/engine/repos/credentials'
import { GitRepoCache } from '../../main/engine/repos/git-cache'
import { renderApp } from '../../main/engine/render/render-app'
import { KeychainSecrets } from '../../main/engine/secrets/keychain'
import { openDeskStore } from '../../main/engine/store/desk-store'
import { FixtureRepo } from '../ground/git-fixture'
import { startGitHttpServer, type GitHttpServer } from '../ground/git-http-server'

// A private repository over HTTPS (a self-signed certificate) with basic auth, credentials in
// the real OS keychain.
describe('private repository', () => {
  const tlsDir = mkdtempSync(join(tmpdir(), 'gitops-desk-tls-'))
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(tlsDir, 'key.pem'), '-out', join(tlsDir, 'cert.pem')], { stdio: 'ignore' })
  const tls = { key: readFileSync(join(tlsDir, 'key.pem'), 'utf8'), cert: readFileSync(join(tlsDir, 'cert.pem'), 'utf8') }
  const password = `pw-${randomBytes(12).toString('hex')}`
  const repo = FixtureRepo.create(['guestbook'])
  const dataDir = mkdtempSync(join(tmpdir(), 'gitops-desk-data-'))
  const secrets = new KeychainSecrets(`gitops-desk-test-${randomBytes(4).toString('hex')}`)
  let server: GitHttpServer
  let url: string

  beforeAll(async () => {
    server = await startGitHttpServer(dirname(repo.dir), 'alice', password, tls)
    url = `${server.baseUrl}/${basename(repo.dir)}/.git`
  })
  afterAll(async () => {
    await server.close()
    await new RepoCredentials(openDeskStore(dataDir), secrets).remove(url)
    repo.remove()
  })

  const appFor = (repoURL: string) =>
    Application.parse({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'private' }, spec: { source: { repoURL, path: 'guestbook' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'p' } } })
  const render = (credentials: RepoCredentials) => renderApp(appFor(url), { repos: new GitRepoCache(mkdtempSync(join(tmpdir(), 'gitops-desk-cache-')), credentials.lookup) })

  it('clones with the password from the keychain', async () => {
    const credentials = new RepoCredentials(openDeskStore(dataDir), secrets)
    await credentials.set({ url, scope: 'repository', username: 'alice', insecure: false, caData: tls.cert }, { password })
    const { objects } = await render(credentials)
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'Service'])
    expect(server.attempts.some((a) => a.user === 'alice' && a.ok)).toBe(true)
  })

  it('fails clearly with a wrong password, and says nothing of it', async () => {
    const credentials = new RepoCredentials(openDeskStore(dataDir), secrets)
    await credentials.set({ url, scope: 'repository', username: 'alice', insecure: false, caData: tls.cert }, { password: 'wrong-password' })
    const error = await render(credentials).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('Unavailable')
    expect((error as UserError).message).toMatch(/cannot fetch https:\/\/127\.0\.0\.1:\d+\/.*Authentication failed/)
    expect((error as UserError).message).not.toContain('wrong-password')
    await credentials.set({ url, scope: 'repository', username: 'alice', insecure: false, caData: tls.cert }, { password })
  })

  it('refuses a server whose certificate it cannot verify, unless told to trust its CA', async () => {
    const credentials = new RepoCredentials(openDeskStore(mkdtempSync(join(tmpdir(), 'gitops-desk-data-'))), secrets)
    await credentials.set({ url, scope: 'repository', username: 'alice', insecure: false }, { password })
    const error = (await render(credentials).catch((e: unknown) => e)) as UserError
    expect(error.message).toMatch(/cannot fetch https:.*(certificate|SSL)/i)
    await credentials.remove(url)
  })

  // Argo CD's repo-creds carry no CA (Argo keeps those elsewhere), so this one skips verification.
  it('uses the longest matching credential template (repo-creds) when no repository entry exists', async () => {
    const store = openDeskStore(mkdtempSync(join(tmpdir(), 'gitops-desk-data-')))
    const credentials = new RepoCredentials(store, secrets)
    const secretYaml = (name: string, prefix: string, pw: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  labels:\n    argocd.argoproj.io/secret-type: repo-creds\nstringData:\n  url: ${prefix}\n  username: alice\n  password: ${pw}\n  insecure: 'true'\n`
    await credentials.importArgoSecrets(`${secretYaml('broad', server.baseUrl, 'not-this-one')}---\n${secretYaml('narrow', `${server.baseUrl}/${basename(repo.dir)}`, password)}`, 'creds.yaml')
    expect(credentials.entryFor(url)?.url).toBe(`${server.baseUrl}/${basename(repo.dir)}`)
    const { objects } = await render(credentials)
    expect(objects).toHaveLength(2)
    await credentials.remove(server.baseUrl)
    await credentials.remove(`${server.baseUrl}/${basename(repo.dir)}`)
  })

  it('keeps no secret in the settings file or its backup', () => {
    for (const file of readdirSync(dataDir)) {
      const text = readFileSync(join(dataDir, file), 'utf8')
      expect(text).not.toContain(password)
      expect(text).not.toContain('wrong-password')
    }
  })
})
