// Plain-language hints next to raw config values: 604800000 -> "7d", 1073741824 -> "1.00 GiB", Long.MAX -> "no limit".
import { formatBytes, formatDuration } from './format.js';

const LONG_MAX = '9223372036854775807';
const INT_MAX = '2147483647';

export function configValueHint(name: string, value: string | null): string | null {
  if (value === null || value === '' || !/^-?\d+$/.test(value)) return null;
  if (value === LONG_MAX || value === INT_MAX) return 'no limit';
  const n = Number(value);
  if (n === -1 && (name.endsWith('.ms') || name.endsWith('.bytes'))) return 'unlimited';
  if (n === -2 && name.startsWith('local.retention')) return 'same as retention.*';
  if (n < 0) return null;
  if (name.endsWith('.ms') && n >= 1000) return formatDuration(n);
  if (name.endsWith('.bytes') && n >= 1024) return formatBytes(n);
  return null;
}

/** First sentence of Kafka's documentation, for a one-line preview. */
export function firstSentence(doc: string | null, max = 140): string {
  if (!doc) return '';
  const end = doc.search(/\.(\s|$)/);
  const sentence = end >= 0 ? doc.slice(0, end + 1) : doc;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}
