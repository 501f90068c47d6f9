// Reset-offsets form -> ResetStrategy (pure, unit-tested).
import type { ResetStrategy } from '../../../../src-common/contract/groups.js';

export type ResetKind = 'earliest' | 'latest' | 'timestamp' | 'offset' | 'shift';

export interface ResetForm {
  kind: ResetKind;
  timestampText: string;
  offset: number;
  shiftBy: number;
}

export function toResetStrategy(form: ResetForm): ResetStrategy | { error: string } {
  switch (form.kind) {
    case 'earliest': return { kind: 'earliest' };
    case 'latest': return { kind: 'latest' };
    case 'timestamp': {
      const ms = new Date(form.timestampText).getTime();
      return Number.isFinite(ms) && form.timestampText ? { kind: 'timestamp', timestamp: ms } : { error: 'Choose a valid date and time.' };
    }
    case 'offset':
      return Number.isInteger(form.offset) && form.offset >= 0 ? { kind: 'offset', offset: form.offset } : { error: 'Offset must be a whole number ≥ 0.' };
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
