import type { Operation } from '../../../shared/api'

/** The newer of the operation from events and the one loaded or started here. */
export function pickOperation(fromEvents: Operation | undefined, loaded: Operation | null): Operation | null {
  if (!fromEvents) return loaded
  if (!loaded || fromEvents.id === loaded.id) return fromEvents
  return fromEvents.startedAt >= loaded.startedAt ? fromEvents : loaded
}
