import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import picomatch from 'picomatch'
import { UserError } from '../../base/errors'
import { runStep } from './run'
import { pluginName, type ConfigManagementPlugin } from '../../model/plugin-schema'

async function filesUnder(dir: string, root = dir): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === '.git') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(path, root)))
    else out.push(relative(root, path).split('\\').join('/'))
  }
  return out
}

/** Whether a plugin's discover rules match an app's folder (fileName, find.glob, find.command). */
async function matches(plugin: ConfigManagementPlugin, appDir: string, env: Record<string, string>, timeoutMs: number): Promise<boolean> {
  const discover = plugin.spec.discover
  if (!discover) return false
  if (discover.fileName) {
    const pattern = discover.fileName.replace(/^\.\//, '')
    // filepath.Glob in the app's folder: * stays within a folder.
    if ((await filesUnder(appDir)).some((f) => picomatch.isMatch(f, pattern, { dot: true }))) return true
  }
  if (discover.find?.glob) {
    // doublestar: ** crosses folders.
    const pattern = discover.find.glob.replace(/^\.\//, '')
    if ((await filesUnder(appDir)).some((f) => picomatch.isMatch(f, pattern, { dot: true }))) return true
  }
  if (discover.find?.command?.length) {
    const out = await runStep('discover', { command: discover.find.command, ...(discover.find.args ? { args: discover.find.args } : {}) }, { plugin, cwd: appDir, env, secrets: {}, timeoutMs }).catch(() => '')
    if (out.trim()) return true
  }
  return false
}

/**
 * The plugin for a source: the one it names (NAME or NAME-VERSION), or — without a name — the
 * first, by name, whose discovery rules match the app's folder, as Argo CD's repo server asks its
 * sidecars. None found is a clear error naming what was tried.
 */
export async function pluginFor(plugins: ConfigManagementPlugin[], wanted: string | undefined, appDir: string, env: Record<string, string>, timeoutMs: number): Promise<ConfigManagementPlugin> {
  if (wanted) {
    const found = plugins.find((p) => pluginName(p) === wanted || p.metadata.name === wanted)
    if (!found) throw new UserError('NotFound', `no config management plugin named "${wanted}" (gitops-desk plugin list; add one with gitops-desk plugin add plugin.yaml)`, 'spec.source.plugin.name')
    return found
  }
  for (const plugin of [...plugins].sort((a, b) => pluginName(a).localeCompare(pluginName(b)))) if (await matches(plugin, appDir, env, timeoutMs)) return plugin
  throw new UserError('NotFound', `no config management plugin's discovery rules match this source (${plugins.length ? plugins.map(pluginName).join(', ') : 'no plugins are registered'}); name one in spec.source.plugin.name`, 'spec.source.plugin')
}
