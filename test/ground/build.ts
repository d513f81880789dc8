import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { clusterModuleDir, goTools, groundComponents, helmfileModuleDir, kubernetesVersion } from './versions'

/**
 * Where built binaries live: outside the repo, so a fresh clone on the same machine (as CI uses)
 * reuses them. GITOPS_DESK_GROUND_CACHE overrides the folder.
 */
export function cacheRoot(): string {
  if (process.env.GITOPS_DESK_GROUND_CACHE) return resolve(process.env.GITOPS_DESK_GROUND_CACHE)
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(base, 'gitops-desk', 'ground')
}

/** A hash of everything that decides the binaries: the module, its sources, tool pins, Go. */
export function buildKey(): string {
  const hash = createHash('sha256')
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(clusterModuleDir, file)))
  for (const file of ['go.mod', 'go.sum']) hash.update(readFileSync(join(helmfileModuleDir, file)))
  hash.update(JSON.stringify(goTools))
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }))
  return hash.digest('hex').slice(0, 16)
}

export interface GroundBinaries {
  binDir: string
  ground: string
  kubectl: string
  kwok: string
  helm: string
  kustomize: string
  /** CNCF distribution's OCI registry. */
  registry: string
  /** go-jsonnet's command. */
  jsonnet: string
  /** helmfile, a third-party config management plugin tool. */
  helmfile: string
}

function binariesIn(binDir: string): GroundBinaries {
  return {
    binDir,
    ground: join(binDir, 'ground'),
    kubectl: join(binDir, 'kubectl'),
    kwok: join(binDir, 'kwok'),
    helm: join(binDir, 'helm'),
    kustomize: join(binDir, 'kustomize'),
    registry: join(binDir, 'registry'),
    jsonnet: join(binDir, 'jsonnet'),
    helmfile: join(binDir, 'helmfile'),
  }
}

/** Builds the ground's binaries unless this key's build is already cached; returns their paths. */
export function ensureBuilt(log: (line: string) => void = (line) => console.error(line)): GroundBinaries {
  const key = buildKey()
  const dir = join(cacheRoot(), key)
  const binDir = join(dir, 'bin')
  if (existsSync(join(dir, 'complete'))) return binariesIn(binDir)

  const started = Date.now()
  const staging = `${dir}.building-${process.pid}`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'bin'), { recursive: true })
  const version = kubernetesVersion()
  const [major, minor] = version.slice(1).split('.')
  const versionFlags = [
    `-X k8s.io/component-base/version.gitVersion=${version}`,
    `-X k8s.io/component-base/version.gitMajor=${major}`,
    `-X k8s.io/component-base/version.gitMinor=${minor}`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${version}`,
    `-X k8s.io/client-go/pkg/version.gitMajor=${major}`,
    `-X k8s.io/client-go/pkg/version.gitMinor=${minor}`,
  ]
  log(`test ground: building Kubernetes ${version} (etcd, kube-apiserver, controller-manager, scheduler, kubectl); a cold build takes several minutes`)
  run('go', ['build', '-trimpath', `-ldflags=-s -w ${versionFlags.join(' ')}`, '-o', join(staging, 'bin', 'ground'), '.'], clusterModuleDir)
  for (const component of groundComponents) symlinkSync('ground', join(staging, 'bin', component))
  for (const tool of goTools) {
    log(`test ground: go install ${tool.module}@${tool.version}`)
    run('go', ['install', '-trimpath', '-ldflags=-s -w', `${tool.module}@${tool.version}`], clusterModuleDir, { GOBIN: join(staging, 'bin') })
  }
  // helmfile's module has replace directives, so it is built through test/helmfile (not go install).
  log('test ground: go build github.com/helmfile/helmfile (test/helmfile; a cold build takes a few minutes)')
  run('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', join(staging, 'bin', 'helmfile'), 'github.com/helmfile/helmfile'], helmfileModuleDir)
  writeFileSync(join(staging, 'complete'), `${new Date().toISOString()} built in ${Math.round((Date.now() - started) / 1000)} s\n`)
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
  log(`test ground: built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`)
  return binariesIn(binDir)
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  // go install of a module@version must not see our module's go.mod; run it from a neutral folder.
  const workdir = args[0] === 'install' ? cacheRoot() : cwd
  mkdirSync(workdir, { recursive: true })
  const result = spawnSync(command, args, { cwd: workdir, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] })
  if (result.status !== 0) {
    throw new Error(`test ground build failed: ${command} ${args.join(' ')} exited ${result.status ?? result.signal}`)
  }
}
