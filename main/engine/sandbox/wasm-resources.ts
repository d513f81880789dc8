import { resourcesDir } from '../base/resources-dir'

/** Where a WebAssembly build from native/<name> is (npm run build puts it in resources/<name>/). */
export function wasmResourcesDir(name: string, what: string, envVariable: string): string {
  return resourcesDir(name, `${name}.wasm`, what, envVariable, name === 'gotemplate' ? 'goTemplate' : name)
}
