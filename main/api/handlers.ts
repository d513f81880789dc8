import type { GitopsApiHandlers } from '../../shared/api'
import type { DeskService } from '../engine/service/desk-service'
import { versionInfo } from '../engine/base/version'

/** What the API serves: the engine's command service (with its reconcile loop). */
export type Desk = DeskService

/** What only the desktop shell can do (main/app gives it; the web harness has none). */
export interface DesktopShell {
  /** The OS folder dialog: the chosen folder, or null when cancelled. */
  pickFolder?(title: string): Promise<string | null>
}

/**
 * The server side of shared/api.ts, written once; both transports call it through dispatch().
 * Arguments arrive validated; each handler maps them onto one engine command and holds no rule.
 */
export function createApiHandlers(desk: Desk, shell: DesktopShell = {}): GitopsApiHandlers {
  return {
    version: async () => versionInfo(),
    ping: async (text) => ({ pong: text ?? '', at: new Date().toISOString() }),

    listApps: async () => desk.listApps(),
    getApp: async (name) => desk.getApp(name),
    saveAppYaml: async (text) => desk.saveYaml(text, 'YAML'),
    saveAppForm: async (form) => desk.saveForm(form),
    setSyncPolicy: async (name, policy, consent = {}) => (await desk.setSyncPolicy(name, policy, consent), { summary: desk.getApp(name).summary }),
    deleteApp: async (name, intent = {}) => desk.deleteApp(name, intent),
    retryDeletion: async (name) => desk.retryDeletion(name),
    cancelDeletion: async (name) => ({ cancelled: desk.cancelDeletion(name) }),
    refreshApp: async (name, options) => desk.refresh(name, options?.hard ?? false),
    diffApp: async (name, options) => desk.diff(name, options?.mode),
    compareApps: async (left, right) => desk.compareApps(left, right),
    diffResource: async (name, key) => desk.diffResource(name, key),
    resourceTree: async (name) => desk.resourceTree(name),
    resourceDetails: async (name, key) => desk.resources.details(name, key),
    resourceEvents: async (name, key) => desk.resources.events(name, key),
    streamLogs: async (name, key, request = {}) => desk.resources.streamLogs(name, key, request),
    stopLogs: async (stream) => ({ stopped: desk.resources.stopLogs(stream) }),
    openShell: async (name, key, request = {}) => desk.podAccess.openShell(name, key, request),
    shellInput: async (session, data) => ({ written: desk.podAccess.shellInput(session, data) }),
    resizeShell: async (session, cols, rows) => ({ resized: desk.podAccess.resizeShell(session, cols, rows) }),
    closeShell: async (session) => ({ closed: desk.podAccess.closeShell(session) }),
    startPortForward: async (name, key, request) => desk.podAccess.startPortForward(name, key, request),
    listPortForwards: async () => desk.podAccess.listPortForwards(),
    stopPortForward: async (id) => ({ stopped: await desk.podAccess.stopPortForward(id) }),
    resourceActions: async (name, key) => desk.resourceActions(name, key),
    runResourceAction: async (name, key, action, options = {}) => desk.runResourceAction(name, key, action, options),
    editableResource: async (name, key) => desk.liveResources.editable(name, key),
    editResource: async (name, key, yaml, options = {}) => desk.editResource(name, key, yaml, options),
    deleteResource: async (name, key, options = {}) => desk.deleteResource(name, key, options),
    syncApp: async (name, intent = {}) => desk.sync(name, intent),
    pickFolder: async (title) => (shell.pickFolder ? { path: await shell.pickFolder(title), available: true } : { path: null, available: false }),
    useWorkingCopy: async (name, dir) => desk.workingCopies.use(name, dir),
    workingCopy: async (name) => desk.workingCopies.state(name),
    releaseWorkingCopy: async (name) => ({ released: await desk.workingCopies.release(name) }),
    syncWorkingCopy: async (name, intent = {}) => desk.workingCopies.sync(name, intent),
    getOperation: async (name) => (desk.app(name), desk.operation(name)),
    terminateOperation: async (name) => ({ terminated: desk.terminate(name) }),
    appHistory: async (name) => (desk.app(name), desk.history(name)),
    rollbackApp: async (name, id, consent = {}) => desk.rollback(name, id, consent),

    listClusters: async () => desk.listClusters(),
    useCluster: async (name) => (await desk.useCluster(name), { active: name }),
    protectCluster: async (name, on) => ({ protected: await desk.protectCluster(name, on) }),
    importCluster: async (request) => ({ imported: (await desk.importCluster(request)).map((c) => c.name) }),
    removeCluster: async (name) => ({ removed: await desk.removeCluster(name) }),

    listRepos: async () => desk.listRepos(),
    saveRepo: async (form) => desk.saveRepo(form),
    removeRepo: async (url) => ({ removed: await desk.removeRepo(url) }),
    helmCharts: async (url) => desk.helmCharts(url),
    testRepo: async (url) => desk.testRepo(url),

    listProjects: async () => desk.listProjects(),
    deleteProject: async (name) => ({ deleted: desk.deleteProject(name) }),
    appSyncWindows: async (name) => desk.appSyncWindows(name),
    getProject: async (name) => desk.getProject(name),
    projectWindows: async (name, options = {}) => desk.projectWindows(name, options.hours),

    listArgoInstances: async (options) => desk.argoBackends.instances(options?.again ?? false),
    listArgoApps: async () => desk.argoBackends.summaries(),
    getArgoApp: async (id) => desk.argoBackends.app(id),
    argoAppTree: async (id) => desk.argoInsight.tree(id),
    diffArgoApp: async (id) => desk.argoInsight.diff(id),
    syncArgoApp: async (id, intent = {}) => desk.argoBackends.sync(id, intent),
    refreshArgoApp: async (id, options) => desk.argoBackends.refresh(id, options?.hard ?? false),
    terminateArgoOperation: async (id) => desk.argoBackends.terminate(id),
    rollbackArgoApp: async (id, historyId, options = {}) => desk.argoBackends.rollback(id, historyId, options),
    deleteArgoApp: async (id, intent = {}) => desk.argoBackends.delete(id, intent),
    manageArgoAppLocally: async (id, options) => desk.argoInsight.manageLocally(id, options?.apply ?? false),
    exportAppToArgo: async (app, instance, options = {}) => desk.argocd.exportToInstance(app, instance, options),

    getSettings: async () => desk.settings(),
    notifications: async () => desk.notifications.view(),
    importNotifications: (configMap, secret) => desk.notifications.importYaml(configMap, secret),
    importNotificationsFrom: (context, namespace) => desk.notifications.importFrom(context, namespace),
    resetNotifications: () => desk.notifications.reset(),
    retryNotification: (id) => desk.notifications.retry(id),
    dismissNotification: async (id) => desk.notifications.dismiss(id),
    importArgoSettings: async (text) => {
      const read = await desk.importArgoSettings(text, 'the argocd-cm YAML')
      return { read: desk.describeArgoSettings(read), skipped: read.skipped }
    },
    bundledCustomizations: async () => desk.bundledCustomizations(),
    customizationYaml: async (type, kind) => ({ yaml: desk.customizationYaml(type, kind) }),
    removeCustomization: async (type, kind) => desk.removeCustomization(type, kind),
    listPlugins: async () => desk.plugins.infos(),
    addPlugins: async (text) => ({ added: desk.plugins.add(text, 'the plugin YAML') }),
    removePlugin: async (name) => (await desk.plugins.remove(name), { removed: true as const }),
    setPluginSecret: async (name, variable, value) => (await desk.plugins.setSecret(name, variable, value), { stored: true as const }),
    pluginParameters: async (name) => desk.plugins.parametersOf(desk.app(name)),
    removePluginSecret: async (name, variable) => ({ removed: await desk.plugins.removeSecret(name, variable) }),
    listAppSets: async () => desk.appsets.summaries(),
    getAppSet: async (name) => ({ yaml: desk.appsets.yaml(name), summary: desk.appsets.summaries().find((s) => s.name === name)! }),
    previewAppSet: async (text) => desk.appsets.previewText(text, 'the ApplicationSet YAML'),
    saveAppSet: async (text, options = {}) => (await desk.appsets.saveAndApply(text, 'the ApplicationSet YAML', { resources: options.consent?.resources ?? false })).map(({ deleted, ...applied }) => ({ ...applied, deleted: deleted.map((d) => d.app) })),
    deleteAppSet: async (name, options = {}) => {
      const result = await desk.appsets.remove(name, { ...(options.keepApps ? { keepApps: true } : {}), consent: { resources: options.consent?.resources ?? false } })
      return { deleted: result.deleted.map((d) => d.app), kept: result.kept }
    },
    labelCluster: async (name, set, remove) => (await desk.labelCluster(name, set, remove)).labels,
    updateSettings: async (patch) => desk.updateSettings(patch),
  }
}
