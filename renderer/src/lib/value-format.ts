// Rendering of record keys/values in the message browser: text, JSON (pretty), hex or base64.
// Pure and DOM-free so it can be unit-tested under node.

export const VALUE_FORMATS = ['text', 'json', 'hex', 'base64'] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

export function isValueFormat(value: unknown): value is ValueFormat {
  return typeof value === 'string' && (VALUE_FORMATS as readonly string[]).includes(value);
}

const BASE64_RE = /^[A-Za-z0-9+/]*$/;

/**
 * Base64 (standard or URL-safe, padding optional) -> bytes. Throws on characters outside the alphabet.
 * Uses the platform's atob/btoa (browser and Node >= 16): they are much faster than a JS loop on big payloads.
 */
export function base64ToBytes(base64: string): Uint8Array {
  const clean = base64.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!BASE64_RE.test(clean)) {
    const bad = [...clean].find((char) => !/[A-Za-z0-9+/]/.test(char));
    throw new Error(`Invalid base64 character "${bad ?? '?'}"`);
  }
  const padded = clean + '='.repeat((4 - (clean.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000; // stay below the argument-count limit of fromCharCode
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** "de ad be ef" grouping in 16-byte lines, like `xxd` without the ASCII column. */
export function bytesToHex(bytes: Uint8Array, lineWidth = 16): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += lineWidth) {
    const chunk = Array.from(bytes.subarray(i, i + lineWidth), (byte) => byte.toString(16).padStart(2, '0'));
    lines.push(chunk.join(' '));
  }
  return lines.join('\n');
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

export function bytesToText(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

export function textToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

export function tryParseJson(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Returns true if the bytes look like printable UTF-8 text (used to pick a sensible default view). */
export function looksLikeText(bytes: Uint8Array): boolean {
  const text = bytesToText(bytes);
  if (text.includes('\uFFFD')) return false;
  // Control characters other than tab/newline/carriage return suggest binary data.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
  }
  return true;
}

export interface FormattedValue {
  /** The text to display. */
  text: string;
  /** Set when the requested format could not be applied (e.g. invalid JSON); the text then falls back to plain text. */
  warning: string | null;
  /** Parsed JSON when format is json and parsing succeeded (for the collapsible tree). */
  json?: unknown;
}

/** Formats a payload for display; `null` bytes is a Kafka null (tombstone value or missing key). */
export function formatPayload(bytes: Uint8Array | null, format: ValueFormat): FormattedValue {
  if (bytes === null) return { text: 'null', warning: null };
  switch (format) {
    case 'hex':
      return { text: bytesToHex(bytes), warning: null };
    case 'base64':
      return { text: bytesToBase64(bytes), warning: null };
    case 'json': {
      const text = bytesToText(bytes);
      const parsed = tryParseJson(text);
      if (!parsed.ok) return { text, warning: `Not valid JSON: ${parsed.error}` };
      return { text: JSON.stringify(parsed.value, null, 2), warning: null, json: parsed.value };
    }
    case 'text':
    default:
      return { text: bytesToText(bytes), warning: null };
  }
}

/** One-line preview for list cells: JSON is compacted, binary shown as hex. */
export function previewPayload(bytes: Uint8Array | null, format: ValueFormat, max = 200): string {
  if (bytes === null) return 'null';
  const head = bytes.subarray(0, Math.max(max * 4, 64));
  if (format === 'hex') return bytesToHex(head.subarray(0, Math.ceil(max / 3)), Number.MAX_SAFE_INTEGER);
  if (format === 'base64') return bytesToBase64(head.subarray(0, Math.ceil((max * 3) / 4)));
  const text = bytesToText(bytes.length > head.length ? head : bytes).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
