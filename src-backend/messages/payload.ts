/** Bytes <-> the contract's Payload (base64 + UTF-8 preview + format hint). */

import type { KafkaMessage, MessageHeader, Payload, PayloadInput } from '../../src-common/contract/messages.js';
import type { DecodedPayload } from '../../src-common/contract/schema-registry.js';
import { badRequest } from '../errors.js';

export const DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A fetched record before conversion to the wire shape (conversion happens only for records the GUI gets). */
export interface DecodedRecord {
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: 'create' | 'log-append';
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
  /**
   * Schema-decoded key/value (JSON-friendly values), set on the record filters see when the topic's decoding read
   * them (schema-registry/payload-decoder.ts): JSON conditions use these, text conditions their JSON text.
   */
  decoded?: { key?: unknown; value?: unknown };
}

/** The batch timestamp type of LogAppendTime. */
export const LOG_APPEND_TIME = 1;

export function toPayload(bytes: Buffer, maxBytes: number): Payload {
  const truncated = bytes.length > maxBytes;
  const shown = truncated ? bytes.subarray(0, maxBytes) : bytes;
  let text: string | null = null;
  try {
    text = utf8.decode(shown);
  } catch {
    // A truncated multi-byte character at the cut is still text; anything else is binary.
    if (truncated) {
      try {
        text = utf8.decode(shown.subarray(0, Math.max(0, shown.length - 3)));
      } catch {
        text = null;
      }
    }
  }
  return { base64: shown.toString('base64'), size: bytes.length, truncated, text, format: detectFormat(bytes, text, truncated) };
}

function detectFormat(bytes: Buffer, text: string | null, truncated: boolean): Payload['format'] {
  if (bytes.length === 0) return 'empty';
  if (text === null) return 'binary';
  // Control characters other than whitespace suggest a binary encoding that happens to be valid UTF-8.
  if (hasControlCharacters(text)) return 'binary';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (truncated) return 'json';
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'text';
    }
  }
  return 'text';
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b) return true;
  }
  return false;
}

/** A topic's decoder (schema-registry/payload-decoder.ts), already prefetched for these records. */
export interface RecordDecoding {
  decode(bytes: Buffer, target: 'key' | 'value'): DecodedPayload;
}

function decodedPayload(bytes: Buffer, maxBytes: number, decoder: RecordDecoding | undefined, target: 'key' | 'value'): Payload {
  const payload = toPayload(bytes, maxBytes);
  if (!decoder) return payload;
  const decoded = decoder.decode(bytes, target);
  // The decoded form is cut like the raw bytes (messages.get has the whole record).
  if (decoded.text !== null && decoded.text.length > maxBytes) decoded.text = `${decoded.text.slice(0, maxBytes)}…`;
  return { ...payload, decoded };
}

export function toKafkaMessage(record: DecodedRecord, maxBytes: number, decoder?: RecordDecoding): KafkaMessage {
  const headers: MessageHeader[] = record.headers.map((h) => ({ key: h.key, value: h.value ? toPayload(h.value, maxBytes) : null }));
  const size = (record.key?.length ?? 0) + (record.value?.length ?? 0) + record.headers.reduce((n, h) => n + h.key.length + (h.value?.length ?? 0), 0);
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: record.key ? decodedPayload(record.key, maxBytes, decoder, 'key') : null,
    value: record.value ? decodedPayload(record.value, maxBytes, decoder, 'value') : null,
    headers,
    size,
  };
}

export function fromPayloadInput(input: PayloadInput | null | undefined, field: string): Buffer | null {
  if (input === null || input === undefined) return null;
  if (typeof input.data !== 'string') badRequest(field, 'data must be a string');
  if (input.encoding === 'text') return Buffer.from(input.data, 'utf8');
  if (input.encoding === 'base64') return Buffer.from(input.data, 'base64');
  return badRequest(field, "encoding must be 'text' or 'base64'");
}

export function clampPayloadBytes(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_MAX_PAYLOAD_BYTES;
  return Math.min(Math.max(Math.floor(value), 16), 16 * 1024 * 1024);
}
