// Bridges the contract's Payload (base64 + optional UTF-8 text) to the display formats of lib/value-format.
import type { Payload } from '../../../../src-common/contract/messages.js';
import type { DecodedPayload } from '../../../../src-common/contract/schema-registry.js';
import { base64ToBytes, formatPayload, previewPayload, type FormattedValue, type ValueFormat } from '../../lib/value-format.js';

export function payloadBytes(payload: Payload | null): Uint8Array | null {
  return payload ? base64ToBytes(payload.base64) : null;
}

/** Binary payloads shown as "text" fall back to hex so they stay readable. */
function effectiveFormat(payload: Payload, format: ValueFormat): ValueFormat {
  return format === 'text' && payload.text === null && payload.format === 'binary' ? 'hex' : format;
}

/**
 * The backend's decoding (the topic's key/value decoding: Avro, Protobuf, JSON Schema...) is what text and JSON views
 * show; hex and base64 always show the raw bytes.
 */
export function shownDecoding(payload: Payload | null, format: ValueFormat): DecodedPayload | null {
  return payload?.decoded && (format === 'text' || format === 'json') ? payload.decoded : null;
}

const SCHEMA_LABEL: Record<string, string> = { avro: 'Avro', protobuf: 'Protobuf', 'json-schema': 'JSON Schema' };

/** "Avro · id 3 · orders-value v1 · shop.Order", or null when no schema was involved. */
export function schemaLabel(decoded: DecodedPayload): string | null {
  const kind = SCHEMA_LABEL[decoded.as];
  if (!kind && decoded.schemaId === null) return null;
  const parts = [kind ?? decoded.as];
  if (decoded.schemaId !== null) parts.push(`id ${decoded.schemaId}`);
  if (decoded.subject) parts.push(`${decoded.subject}${decoded.version !== null ? ` v${decoded.version}` : ''}`);
  if (decoded.messageType) parts.push(decoded.messageType);
  return parts.join(' · ');
}

export function payloadPreview(payload: Payload | null, format: ValueFormat, max = 160): string {
  if (!payload) return 'null';
  const decoded = shownDecoding(payload, format);
  if (decoded) {
    const body = decoded.error !== null ? `⚠ ${decoded.error}` : (decoded.text ?? '').replace(/\s+/g, ' ');
    const flat = decoded.mismatch ? `⚠ ${decoded.mismatch} · ${body}` : body;
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }
  if (payload.size === 0) return '""';
  if ((format === 'text' || format === 'json') && payload.text !== null) {
    const flat = payload.text.replace(/\s+/g, ' ');
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  }
  return previewPayload(payloadBytes(payload), effectiveFormat(payload, format), max);
}

export function payloadFormatted(payload: Payload | null, format: ValueFormat): FormattedValue {
  if (!payload) return { text: 'null', warning: null };
  const decoded = shownDecoding(payload, format);
  if (decoded && decoded.error !== null) return { ...formatPayload(payloadBytes(payload), 'hex'), warning: `Cannot decode: ${decoded.error}` };
  if (decoded && decoded.text !== null && decoded.as !== 'string' && decoded.as !== 'hex' && decoded.as !== 'base64') {
    try {
      const json: unknown = JSON.parse(decoded.text);
      return { text: decoded.text, warning: null, json };
    } catch {
      return { text: decoded.text, warning: null }; // cut for display (messages.get has the whole record)
    }
  }
  if (decoded && decoded.text !== null) return { text: decoded.text, warning: null };
  return formatPayload(payloadBytes(payload), effectiveFormat(payload, format));
}
