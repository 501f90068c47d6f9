// Reset-offsets form -> ResetStrategy (pure, unit-tested).
import type { ResetStrategy } from '../../../../src-common/contract/groups.js';

export type ResetKind = 'earliest' | 'latest' | 'timestamp' | 'offset' | 'offsets' | 'shift';

export interface ResetForm {
  kind: ResetKind;
  timestampText: string;
  offset: number;
  shiftBy: number;
  /** For 'offsets': the target offset per partition (only selected partitions are sent). */
  perPartition: Record<number, number>;
}

export function toResetStrategy(form: ResetForm, partitions: number[] = []): ResetStrategy | { error: string } {
  switch (form.kind) {
    case 'earliest': return { kind: 'earliest' };
    case 'latest': return { kind: 'latest' };
    case 'timestamp': {
      const ms = new Date(form.timestampText).getTime();
      return Number.isFinite(ms) && form.timestampText ? { kind: 'timestamp', timestamp: ms } : { error: 'Choose a valid date and time.' };
    }
    case 'offset':
      return Number.isInteger(form.offset) && form.offset >= 0 ? { kind: 'offset', offset: form.offset } : { error: 'Offset must be a whole number ≥ 0.' };
    case 'offsets': {
      const offsets = partitions.map((partition) => ({ partition, offset: form.perPartition[partition] ?? Number.NaN }));
      const bad = offsets.find((entry) => !Number.isInteger(entry.offset) || entry.offset < 0);
      return bad ? { error: `Partition ${bad.partition} needs an offset (whole number ≥ 0).` } : { kind: 'offsets', offsets };
    }
    case 'shift':
      return Number.isInteger(form.shiftBy) && form.shiftBy !== 0 ? { kind: 'shift', by: form.shiftBy } : { error: 'Shift by a non-zero whole number (negative re-reads records).' };
    default:
      return { error: 'Unknown strategy' };
  }
}

/** Groups can only be reset when nobody consumes: the members would overwrite the new offsets on their next commit. */
export function canResetGroup(state: string, members: number): boolean {
  return members === 0 && (state === 'Empty' || state === 'Dead' || state === 'Unknown');
}
