// Human units for *.ms and *.bytes configs: "7d", "12h", "1.5 GiB" in, canonical integers out, and back.
// Kafka's sentinels (-1 = unlimited, Long.MAX = never) pass through untouched.
import { formatBytes, formatDuration } from '../../lib/format.js';

export type UnitKind = 'ms' | 'bytes' | null;

const DURATION_UNITS: Record<string, number> = {
  ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000,
};
const BYTE_UNITS: Record<string, number> = {
  b: 1, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3, tb: 1000 ** 4,
  k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tib: 1024 ** 4,
};

export function unitKind(name: string, type: string | null): UnitKind {
  if (type !== null && type !== 'long' && type !== 'int') return null;
  if (name.endsWith('.ms')) return 'ms';
  if (name.endsWith('.bytes')) return 'bytes';
  return null;
}

/**
 * "7d" -> "604800000" for ms configs, "1 GiB" -> "1073741824" for bytes configs; plain numbers and anything it
 * does not understand come back trimmed and unchanged (validation then reports them).
 */
export function parseHumanValue(kind: UnitKind, input: string): string {
  const text = input.trim();
  if (kind === null || /^-?\d+$/.test(text)) return text;
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(text);
  if (!match?.[1] || !match[2]) return text;
  const factor = (kind === 'ms' ? DURATION_UNITS : BYTE_UNITS)[match[2].toLowerCase()];
  if (factor === undefined) return text;
  return String(Math.round(Number(match[1]) * factor));
}

/** "604800000" (ms) -> "7d"; sentinels explained; null when no hint helps. */
export function humanHint(kind: UnitKind, value: string | null): string | null {
  if (kind === null || value === null || !/^-?\d+$/.test(value)) return null;
  if (value === '9223372036854775807' || value === '2147483647') return 'no limit';
  const n = Number(value);
  if (n === -1) return 'unlimited';
  if (n < 0) return null;
  if (kind === 'ms') return n >= 1000 ? formatDuration(n) : null;
  return n >= 1024 ? formatBytes(n) : null;
}
