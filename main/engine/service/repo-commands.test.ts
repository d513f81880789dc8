import { afterEach, describe, expect, it } from 'vitest'
import { RepoForm } from '../../../shared/api'
import { tempDesks } from '../../../test/support/temp-desk'

const desks = tempDesks()
afterEach(() => desks.cleanup())

const repoSecret = (url: string, password = 's3cret') => `apiVersion: v1
kind: Secret
metadata:
  name: private-repo
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: repository
stringData:
  type: git
  url: ${url}
  username: robot
  password: ${password}
`

describe('repository commands', () => {
  it('a password goes to the keychain and never comes back out; removing the repository removes it', async () => {
    const { desk, dataDir } = desks.open()
    const saved = await desk.repositories.save(RepoForm.parse({ url: 'https://git.example/private.git', username: 'robot', password: 'hunter2' }))
    expect(JSON.stringify(saved)).not.toContain('hunter2')
    expect(desk.repositories.list()).toMatchObject([{ url: 'https://git.example/private.git', username: 'robot' }])
    expect(JSON.stringify(desk.repositories.list())).not.toContain('hunter2')
    expect((await desk.engine.credentials.lookup('https://git.example/private.git'))?.password).toBe('hunter2')
    expect(desks.storedText(dataDir)).toContain('private.git')
    expect(desks.storedText(dataDir)).not.toContain('hunter2')
    expect(await desk.repositories.remove('https://git.example/private.git')).toBe(true)
    expect(desk.repositories.list()).toEqual([])
    expect(await desk.engine.credentials.lookup('https://git.example/private.git')).toBeNull()
  })

  it("Argo CD's repository Secrets are imported, their secrets into the keychain", async () => {
    const { desk } = desks.open()
    expect((await desk.repositories.importSecrets(repoSecret('https://git.example/shop.git'), 'repo.yaml')).map((r) => r.url)).toEqual(['https://git.example/shop.git'])
    expect((await desk.engine.credentials.lookup('https://git.example/shop.git'))?.password).toBe('s3cret')
  })

  it('a Secret that is not a repository Secret is refused, naming where; nothing is stored', async () => {
    const { desk } = desks.open()
    const refused = await desk.repositories.importSecrets(`${repoSecret('https://git.example/a.git')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n`, 'repo.yaml').catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: 'Invalid', where: 'repo.yaml document 2', message: expect.stringMatching(/expected a Secret labelled argocd\.argoproj\.io\/secret-type: repository or repo-creds/) })
    expect(desk.repositories.list()).toEqual([])
  })
})
