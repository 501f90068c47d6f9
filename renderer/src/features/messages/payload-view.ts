// Bridges the contract's Payload (base64 + optional UTF-8 text) to the display formats of lib/value-format.
import type { Payload } from '../../../../src-common/contract/messages.js';
import { base64ToBytes, formatPayload, previewPayload, type FormattedValue, type ValueFormat } from '../../lib/value-format.js';

export function payloadBytes(payload: Payload | null): Uint8Array | null {
  return payload ? base64ToBytes(payload.base64) : null;
}

/** Binary payloads shown as "text" fall back to hex so they stay readable. */
function effectiveFormat(payload: Payload, format: ValueFormat): ValueFormat {
  return format === 'text' && payload.text === null && payload.format === 'binary' ? 'hex' : format;
}

export function payloadPreview(payload: Payload | null, format: ValueFormat, max = 160): string {
  if (!payload) return 'null';
  if (payload.size === 0) return '""';
  if ((format === 'text' || format === 'json') && payload.text !== null) {
    const flat = payload.text.replace(/\s+/g, ' ');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }
  return previewPayload(payloadBytes(payload), effectiveFormat(payload, format), max);
}

export function payloadFormatted(payload: Payload | null, format: ValueFormat): FormattedValue {
  if (!payload) return { text: 'null', warning: null };
  return formatPayload(payloadBytes(payload), effectiveFormat(payload, format));
}
