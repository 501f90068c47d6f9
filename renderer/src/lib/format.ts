// Display formatters shared by every view. Pure functions (unit-tested in test/unit/renderer).

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 -> "1.5 KiB". Binary units because log segments and retention.bytes are configured in bytes. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 0) return `-${formatBytes(-bytes)}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 -> "1,234,567"; null/undefined -> "—". */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return integerFormat.format(value);
}

/** Per-second rates: keep one decimal below 10 so a trickle of messages doesn't read as 0. */
export function formatRate(perSecond: number, unit = '/s'): string {
  if (!Number.isFinite(perSecond)) return '—';
  const text = perSecond < 10 && perSecond !== 0 ? perSecond.toFixed(1) : integerFormat.format(perSecond);
  return `${text}${unit}`;
}

export type TimeZoneMode = 'local' | 'utc';

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * Absolute timestamps, never relative ("3 minutes ago" is a known complaint), with milliseconds
 * because Kafka timestamps are ms and ordering within a second matters.
 */
export function formatTimestamp(epochMs: number | null | undefined, zone: TimeZoneMode = 'local'): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs) || epochMs < 0) return '—';
  const date = new Date(epochMs);
  if (zone === 'utc') {
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`;
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** 90061000 -> "1d 1h 1m 1s"; used for retention.ms and rebalance gaps. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const parts: string[] = [];
  let seconds = Math.floor(ms / 1000);
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];
  for (const [size, label] of units) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)}${label}`);
      seconds %= size;
    }
  }
  return parts.join(' ');
}

/** Turns a datetime-local input value ("2024-05-01T10:00" or with seconds) into epoch ms, or null. */
export function parseDateTimeLocal(value: string): number | null {
  if (!value.trim()) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms -> value for <input type="datetime-local" step="0.001">, in local time. */
export function toDateTimeLocal(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Truncates long single-line previews for table cells; the full value is in the detail pane. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Axis labels: exact small numbers (0.5, 3), grouped large ones (12,000). */
export function formatAxisNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  return Math.abs(value) >= 1000 ? integerFormat.format(value) : String(Math.round(value * 100) / 100);
}
