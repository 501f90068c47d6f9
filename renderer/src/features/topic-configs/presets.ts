// One-click presets for common retention/compaction setups. A preset only fills the pending change set; nothing is
// sent until the user reviews the diff and applies it.
import type { ConfigEntry } from '../../../../src-common/contract/topics.js';
import { withChange, type ChangeSet, type PendingChange } from './change-set.js';

export interface ConfigPreset {
  id: string;
  label: string;
  description: string;
  changes: Record<string, PendingChange>;
}

export const CONFIG_PRESETS: readonly ConfigPreset[] = [
  {
    id: 'compacted-changelog',
    label: 'Compacted changelog',
    description: 'Keep the latest record per key forever (Kafka Streams/KTable changelog): compact instead of delete, clean eagerly, tombstones kept 1 day.',
    changes: {
      'cleanup.policy': { op: 'set', value: 'compact' },
      'min.cleanable.dirty.ratio': { op: 'set', value: '0.1' },
      'delete.retention.ms': { op: 'set', value: '86400000' },
      'retention.ms': { op: 'delete' },
      'retention.bytes': { op: 'delete' },
    },
  },
  {
    id: 'keep-7-days',
    label: 'Keep 7 days',
    description: 'Delete segments whose newest record is older than 7 days, whatever their size.',
    changes: {
      'cleanup.policy': { op: 'set', value: 'delete' },
      'retention.ms': { op: 'set', value: '604800000' },
      'retention.bytes': { op: 'delete' },
    },
  },
  {
    id: 'keep-1-gib',
    label: 'Keep 1 GiB',
    description: 'Keep at most about 1 GiB per partition (oldest segments go first), with no time limit.',
    changes: {
      'cleanup.policy': { op: 'set', value: 'delete' },
      'retention.bytes': { op: 'set', value: '1073741824' },
      'retention.ms': { op: 'set', value: '-1' },
    },
  },
];

/** Merges a preset into the pending changes; keys the topic does not have (old clusters) are skipped. */
export function applyPreset(changes: ChangeSet, preset: ConfigPreset, entries: readonly ConfigEntry[]): Map<string, PendingChange> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  let next = new Map(changes);
  for (const [name, change] of Object.entries(preset.changes)) {
    const entry = byName.get(name);
    if (entry) next = withChange(next, entry, change);
  }
  return next;
}
