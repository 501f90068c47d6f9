// What each Burrow verdict means (docs/INSIGHT.md) and how it is drawn.
import type { LagVerdict } from '../../../../src-common/contract/lag-history.js';

export const VERDICT_COLORS: Record<LagVerdict, string> = {
  OK: '#16a34a', WARN: '#d97706', ERR: '#6b7280', STOP: '#dc2626', STALL: '#b91c1c', REWIND: '#7c3aed',
};

export const VERDICT_HINTS: Record<LagVerdict, string> = {
  OK: 'Lag was zero within the window, or it is shrinking',
  WARN: 'Commits advance but lag never shrinks: the consumer is too slow',
  ERR: 'Could not evaluate: the topic or partition is gone',
  STOP: 'No commits for longer than the window spans, with lag',
  STALL: 'Committing the same offset again and again, with lag',
  REWIND: 'The committed offset moved backwards (an offset reset)',
};

export const RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type RangeKey = keyof typeof RANGES;
export const isRangeKey = (v: string | undefined): v is RangeKey => v !== undefined && v in RANGES;
