// The pending change set of the config editor: edits, resets and presets collect here, the diff dialog lists
// them (name, current -> new, default) and Apply sends them as ONE incremental alter. Pure and unit-tested.
import type { ConfigAlterOp, ConfigEntry } from '../../../../src-common/contract/topics.js';

export type PendingChange = { op: 'set'; value: string } | { op: 'delete' };
/** Config name -> what should happen to it. Insertion order = the order the user made the changes. */
export type ChangeSet = ReadonlyMap<string, PendingChange>;

export interface DiffRow {
  name: string;
  op: PendingChange['op'];
  current: string | null;
  /** The value after apply: the new value, or for a reset the value inherited from the broker/default. */
  next: string | null;
  defaultValue: string | null;
  /** Whether the entry currently is a topic override. */
  wasOverride: boolean;
}

export const isOverride = (entry: ConfigEntry): boolean => entry.source === 'dynamic-topic';

/**
 * Adds one change, dropping it when it would change nothing (setting the value already in effect, resetting a
 * key that has no override), so the diff shows only real changes.
 */
export function withChange(changes: ChangeSet, entry: ConfigEntry, change: PendingChange): Map<string, PendingChange> {
  const next = new Map(changes);
  next.delete(entry.name);
  const noop = change.op === 'delete' ? !isOverride(entry) : change.value === entry.value;
  if (!noop) next.set(entry.name, change);
  return next;
}

export function withoutChange(changes: ChangeSet, name: string): Map<string, PendingChange> {
  const next = new Map(changes);
  next.delete(name);
  return next;
}

export function diffRows(changes: ChangeSet, entries: readonly ConfigEntry[]): DiffRow[] {
  const byName = new Map(entries.map((e) => [e.name, e]));
  return [...changes].map(([name, change]) => {
    const entry = byName.get(name);
    const defaultValue = entry?.defaultValue ?? null;
    return {
      name,
      op: change.op,
      current: entry?.value ?? null,
      next: change.op === 'set' ? change.value : defaultValue,
      defaultValue,
      wasOverride: entry ? isOverride(entry) : false,
    };
  });
}

/** The incremental alter the change set amounts to (SET / DELETE per key, in the user's order). */
export function toAlterOps(changes: ChangeSet): ConfigAlterOp[] {
  return [...changes].map(([name, change]) => (change.op === 'set' ? { op: 'set', name, value: change.value } : { op: 'delete', name }));
}
