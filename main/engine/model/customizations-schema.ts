// Argo CD's resource customizations beyond health are part of the settings: their schemas are
// the API model's (shared/schemas.ts), named here for the engine's readers.
export { FilteredResource, IgnoreSpec, LuaActionSet, ResourceCustomizations } from '../../../shared/schemas'
