import { operatorRules } from '../main/engine/health/operators'
import { platformRules, platformGroupRules } from '../main/engine/health/platform-operators'
import { builtinRules } from '../main/engine/health/rules'
import { BundledScripts } from '../main/engine/customizations/bundled-scripts'
const b = new BundledScripts()
for (const key of [...Object.keys(builtinRules), ...Object.keys(platformRules), ...Object.keys(platformGroupRules)]) {
  const [g, k] = key.split('/')
  console.log(key, b.healthScript(g!, k!) ? 'BUNDLED' : '-')
}
