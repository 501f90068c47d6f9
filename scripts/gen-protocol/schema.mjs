// Loads Kafka's message-definition JSON (with // comments) and normalises it for the emitter.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function loadSchema(file) {
  const text = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => (line.trimStart().startsWith('//') ? '' : line))
    .join('\n');
  return JSON.parse(text);
}

export function loadDir(dir) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadSchema(join(dir, f)));
}

/** Parses "N+", "N-M", "N", "none" into {min,max} (max = Infinity when open-ended) or null. */
export function parseRange(s) {
  if (s === undefined || s === null) return null;
  const t = String(s).trim();
  if (t === 'none' || t === '') return null;
  if (t.endsWith('+')) return { min: Number(t.slice(0, -1)), max: Infinity };
  const dash = t.indexOf('-');
  if (dash > 0) return { min: Number(t.slice(0, dash)), max: Number(t.slice(dash + 1)) };
  return { min: Number(t), max: Number(t) };
}

/** A TS boolean expression for "v is in range", simplified against the message's valid versions. */
export function rangeCond(range, valid, v = 'v') {
  if (!range) return 'false';
  const lo = range.min <= valid.min ? null : `${v} >= ${range.min}`;
  const hi = range.max >= valid.max ? null : `${v} <= ${range.max}`;
  if (range.min > valid.max || range.max < valid.min) return 'false';
  if (lo && hi) return `(${lo} && ${hi})`;
  return lo ?? hi ?? 'true';
}

export function inRange(range, v) {
  return !!range && v >= range.min && v <= range.max;
}

export const PRIMITIVES = new Set([
  'bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'uuid', 'records',
]);

export function camel(name) {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** File name stem of a generated module: "ApiVersionsRequest" -> "api-versions-request". */
export function kebab(name) {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}
