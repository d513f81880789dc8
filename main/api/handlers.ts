import YAML from 'yaml'
import type { AppSummary, GitopsApiHandlers, RepoInfo, Settings } from '../../shared/api'
import { parseArgoFile } from '../engine/apps/parse'
import { Application, sourcesOf } from '../engine/apps/schema'
import type { Engine } from '../engine/engine'
import { UserError } from '../engine/errors'
import type { ReconcileController } from '../engine/reconcile/controller'
import { normalizeRepoUrl, redactUrl } from '../engine/repos/git-cache'
import type { RepoEntry } from '../engine/store/desk-store'
import { versionInfo } from '../engine/version'

/** What the API serves: the engine and the controller that keeps app status current. */
export interface Desk {
  engine: Engine
  controller: ReconcileController
}

/** The server side of shared/api.ts, written once; both transports call it through dispatch(). */
export function createApiHandlers({ engine, controller }: Desk): GitopsApiHandlers {
  const storedApp = (name: string) => {
    const app = engine.store.read().apps.find((a) => a.metadata.name === name)
    if (!app) throw new UserError('NotFound', `no app named "${name}"`, name)
    return app
  }
  const summaryOf = (app: Application): AppSummary => {
    const source = sourcesOf(app)[0]
    const status = controller.status(app.metadata.name)
    const { resources: _resources, ...brief } = status ?? { resources: [] }
    const parent = app.metadata.annotations?.['gitops-desk.io/parent']
    return {
      name: app.metadata.name,
      ...(parent ? { parent } : {}),
      project: app.spec.project,
      repoURL: source?.repoURL ?? '',
      path: source?.path ?? source?.chart ?? '',
      targetRevision: source?.targetRevision ?? 'HEAD',
      destination: app.spec.destination.name ?? app.spec.destination.server ?? '',
      namespace: app.spec.destination.namespace ?? '',
      status: status ? (brief as AppSummary['status']) : null,
      operationRunning: engine.runningOperations().includes(app.metadata.name),
    }
  }
  /** A protected context's sync is confirmed by typing its name. */
  const confirmed = async (app: Application, typed: string | undefined) => {
    if (typed === undefined) return false
    const context = (await engine.loadContexts()).resolve(app.spec.destination)
    if (typed !== context) throw new UserError('Forbidden', `the confirmation "${typed}" does not match the context ${context}`, context)
    return true
  }
  const saveParsed = (text: string, where: string) => {
    const parsed = parseArgoFile(text, where)
    if (parsed.problems.length > 0) {
      const list = parsed.problems.map((p) => `${p.where}: ${p.message}`).join('\n')
      throw new UserError('Invalid', parsed.problems.length === 1 ? list : `${parsed.problems.length} problems:\n${list}`, parsed.problems[0]!.where)
    }
    if (parsed.apps.length + parsed.projects.length === 0) throw new UserError('Invalid', 'the YAML has no Application or AppProject', where)
    engine.store.update((data) => {
      for (const a of parsed.apps) data.apps = [...data.apps.filter((x) => x.metadata.name !== a.metadata.name), a]
      for (const p of parsed.projects) data.projects = [...data.projects.filter((x) => x.metadata.name !== p.metadata.name), p]
    })
    for (const a of parsed.apps) void controller.refresh(a.metadata.name).catch(() => undefined)
    return { apps: parsed.apps.map((a) => a.metadata.name), projects: parsed.projects.map((p) => p.metadata.name) }
  }
  const repoInfo = (e: RepoEntry): RepoInfo => ({ url: e.url, scope: e.scope, ...(e.username ? { username: e.username } : {}), hasPassword: e.hasPassword, hasSshKey: e.hasSshKey, insecure: e.insecure, hasCa: !!e.caData })
  const settings = (): Settings => engine.store.read().settings

  return {
    version: async () => versionInfo(),
    ping: async (text) => ({ pong: text ?? '', at: new Date().toISOString() }),

    listApps: async () => engine.store.read().apps.map(summaryOf),
    getApp: async (name) => {
      const app = storedApp(name)
      return { yaml: YAML.stringify(app), summary: summaryOf(app), status: controller.status(name) ?? null, history: engine.history(name) }
    },
    saveAppYaml: async (text) => saveParsed(text, 'YAML'),
    saveAppForm: async (form) => {
      const app = Application.parse({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: form.name },
        spec: {
          project: form.project,
          source: { repoURL: form.repoURL, ...(form.path ? { path: form.path } : {}), targetRevision: form.targetRevision },
          destination: { ...(form.destinationName ? { name: form.destinationName } : { server: form.destinationServer }), ...(form.namespace ? { namespace: form.namespace } : {}) },
          syncPolicy: {
            ...(form.automated ? { automated: { prune: form.prune, selfHeal: form.selfHeal } } : {}),
            ...(form.createNamespace ? { syncOptions: ['CreateNamespace=true'] } : {}),
          },
        },
      })
      return { apps: saveParsed(YAML.stringify(app), 'form').apps }
    },
    deleteApp: async (name) => {
      const found = engine.store.read().apps.some((a) => a.metadata.name === name)
      engine.store.update((data) => void (data.apps = data.apps.filter((a) => a.metadata.name !== name)))
      if (found) void controller.refresh(name).catch(() => undefined) // forgets its status
      return { deleted: found }
    },
    refreshApp: async (name, options) => {
      storedApp(name)
      return (await controller.refresh(name, { hard: options?.hard ?? false })) ?? null
    },
    diffApp: async (name, options) => {
      const result = await engine.diff(storedApp(name), { watch: true, ...(options?.mode ? { mode: options.mode } : {}) })
      return { status: result.status, context: result.context, revision: result.revision, resources: result.resources }
    },
    diffResource: async (name, key) => {
      const result = await engine.diff(storedApp(name), { watch: true })
      const found = result.resources.find((r) => r.key === key)
      if (!found) throw new UserError('NotFound', `${name} has no resource ${key}`, key)
      return found
    },
    resourceTree: async (name) => {
      const app = storedApp(name)
      const status = controller.status(name) ?? (await controller.refresh(name))
      const context = status?.context || (await engine.loadContexts()).resolve(app.spec.destination)
      return engine.resourceTree(context, (status?.resources ?? []).map((r) => ({ key: r.key, status: r.status })))
    },
    syncApp: async (name, request = {}) => {
      const app = storedApp(name)
      const { confirmContext, ...options } = request
      return controller.sync(name, { ...options, confirmed: await confirmed(app, confirmContext) })
    },
    terminateOperation: async (name) => ({ terminated: engine.terminate(name) }),
    appHistory: async (name) => (storedApp(name), engine.history(name)),
    rollbackApp: async (name, id, confirmContext) => {
      const app = storedApp(name)
      const outcome = await engine.rollback(app, id, { confirmed: await confirmed(app, confirmContext) })
      void controller.refresh(name).catch(() => undefined)
      return outcome
    },

    listClusters: async () => {
      const contexts = await engine.loadContexts()
      const imported = new Set(engine.importedClusters.list().map((c) => c.name))
      const protectedContexts = settings().protectedContexts
      return Promise.all(
        contexts.contexts().map(async (c) => {
          const check = await engine.checkConnection(c.name)
          return {
            name: c.name,
            server: c.server,
            active: c.name === contexts.active,
            protected: protectedContexts.includes(c.name),
            imported: imported.has(c.name),
            reachable: check.reachable,
            ...(check.version ? { version: check.version } : {}),
            ...(check.reason ? { reason: check.reason } : {}),
          }
        }),
      )
    },
    useCluster: async (name) => {
      await engine.useContext(name)
      for (const app of engine.store.read().apps) void controller.refresh(app.metadata.name).catch(() => undefined)
      return { active: name }
    },
    protectCluster: async (name, on) => {
      if (!(await engine.loadContexts()).contexts().some((c) => c.name === name)) throw new UserError('NotFound', `no context "${name}"`, name)
      engine.store.update((data) => {
        const others = data.settings.protectedContexts.filter((c) => c !== name)
        data.settings.protectedContexts = on ? [...others, name] : others
      })
      return { protected: settings().protectedContexts }
    },
    importCluster: async (request) => {
      const imported = request.kind === 'kubeconfig' ? [await engine.importedClusters.importKubeconfigText(request.text, 'the kubeconfig', request.context, request.name ?? request.context)] : await engine.importedClusters.importArgoSecret(request.text, 'the Secret')
      engine.reloadContexts()
      return { imported: imported.map((c) => c.name) }
    },
    removeCluster: async (name) => {
      const removed = await engine.importedClusters.remove(name)
      engine.reloadContexts()
      return { removed }
    },

    listRepos: async () => engine.store.read().repositories.map(repoInfo),
    saveRepo: async (form) => {
      const existing = engine.store.read().repositories.find((e) => e.scope === form.scope && normalizeRepoUrl(e.url) === normalizeRepoUrl(form.url))
      // Absent secret fields keep what the keychain holds; they never travel back to the UI.
      const kept = existing ? await engine.credentials.lookup(form.url).catch(() => null) : null
      const password = form.password === undefined ? (existing?.hasPassword ? kept?.password : undefined) : (form.password ?? undefined)
      const sshPrivateKey = form.sshPrivateKey === undefined ? (existing?.hasSshKey ? kept?.sshPrivateKey : undefined) : (form.sshPrivateKey ?? undefined)
      const entry = await engine.credentials.set(
        { url: form.url, scope: form.scope, insecure: form.insecure, ...(form.username ? { username: form.username } : {}), ...(form.caData ? { caData: form.caData } : {}) },
        { ...(password !== undefined ? { password } : {}), ...(sshPrivateKey !== undefined ? { sshPrivateKey } : {}) },
      )
      return repoInfo(entry)
    },
    removeRepo: async (url) => ({ removed: await engine.credentials.remove(url) }),
    testRepo: async (url) => {
      try {
        const resolved = await engine.repos.resolve(url, 'HEAD')
        if (resolved.stale) return { ok: false, message: `cannot fetch ${redactUrl(url)}: ${resolved.fetchError ?? 'unknown error'} (an older copy is cached)` }
        return { ok: true, message: `reached ${redactUrl(url)}; HEAD is ${resolved.commit.slice(0, 8)}`, commit: resolved.commit }
      } catch (error) {
        return { ok: false, message: error instanceof UserError ? error.message : `cannot reach ${redactUrl(url)}` }
      }
    },

    listProjects: async () =>
      engine.store.read().projects.map((p) => ({
        name: p.metadata.name,
        description: String((p.spec as { description?: unknown }).description ?? ''),
        sourceRepos: p.spec.sourceRepos ?? [],
        destinations: (p.spec.destinations ?? []).map((d) => `${d.name ?? d.server ?? '*'}/${d.namespace ?? '*'}`),
        syncWindows: p.spec.syncWindows?.length ?? 0,
      })),
    deleteProject: async (name) => {
      if (engine.store.read().apps.some((a) => a.spec.project === name)) throw new UserError('Conflict', `project ${name} is used by apps; move them first`, name)
      const found = engine.store.read().projects.some((p) => p.metadata.name === name)
      engine.store.update((data) => void (data.projects = data.projects.filter((p) => p.metadata.name !== name)))
      return { deleted: found }
    },

    getSettings: async () => settings(),
    updateSettings: async (patch) => {
      engine.store.update((data) => {
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) delete (data.settings as Record<string, unknown>)[key]
          else (data.settings as Record<string, unknown>)[key] = value
        }
      })
      return settings()
    },
  }
}
