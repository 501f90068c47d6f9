// What-if for the diff dialog: the pending change set as the engine's forecast asks for it. The forecast itself
// (what the next retention check deletes, whether the cleaner would pick a partition) is computed by the engine
// (engine.logForecast) with the very planning its retention task and cleaner run; the GUI only shows it.
import type { ChangeSet } from './change-set.js';

/** Keys that change what retention deletes or what the cleaner picks. */
export const FORECAST_KEYS: ReadonlySet<string> = new Set([
  'retention.ms', 'retention.bytes', 'cleanup.policy', 'min.cleanable.dirty.ratio', 'min.compaction.lag.ms', 'max.compaction.lag.ms',
]);

export function touchesRetention(changes: ChangeSet): boolean {
  return [...changes.keys()].some((name) => FORECAST_KEYS.has(name));
}

/** The change set as override changes: a value sets the override, null removes it (back to the default). */
export function forecastChanges(changes: ChangeSet): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, change] of changes) out[name] = change.op === 'set' ? change.value : null;
  return out;
}
