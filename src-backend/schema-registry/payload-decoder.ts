/**
 * The one implementation of "how does this topic's key/value read": Confluent wire format through the registry
 * (Avro, Protobuf, JSON Schema), Protobuf from the topic's own .proto files, JSON, text, hex, base64 — with the
 * reason when it fails (unknown schema id, truncated payload, bad magic byte). The message browser, search, tail and
 * export use it on the backend's loop; scan workers build their own from the same DecodeSpec.
 */

import protobuf from 'protobufjs';
import type { DecodedPayload, PayloadDecoding, TopicDecoding } from '../../src-common/contract/schema-registry.js';
import type { DecodedRecord } from '../messages/payload.js';
import type { RegistryEndpoint } from './registry-client.js';
import { jsonFriendly, protobufObject, SchemaCodecError } from './schema-codecs.js';
import type { SchemaSource, SchemaSources } from './schema-source.js';
import { HEADER_SIZE, MAGIC_BYTE, readMessageIndexes, wireProblem, WireFormatError } from './wire-format.js';

/** Plain data (crosses to scan workers): the topic, its decoding, and its cluster's registry. */
export interface DecodeSpec {
  topic: string;
  decoding: TopicDecoding;
  registry: RegistryEndpoint | null;
}

export type Target = 'key' | 'value';

export const DEFAULT_DECODING: TopicDecoding = { key: 'auto', value: 'auto', protoFiles: [], keyMessageType: null, valueMessageType: null };

interface Outcome {
  as: DecodedPayload['as'];
  /** Structured (JSON-able) value, or undefined for text-like results. */
  value?: unknown;
  text?: string;
  schemaId?: number;
  subject?: string | null;
  version?: number | null;
  messageType?: string | null;
  error?: string;
  mismatch?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const NO_VALUE = Symbol('no-value');
const SCHEMA_AS = { AVRO: 'avro', PROTOBUF: 'protobuf', JSON: 'json-schema' } as const;

/** Parses a topic's .proto files into one root; the named message types must exist. Throws SchemaCodecError. */
export function parseProtoFiles(decoding: TopicDecoding): { key: protobuf.Type | null; value: protobuf.Type | null } {
  if (decoding.protoFiles.length === 0) {
    if (decoding.keyMessageType || decoding.valueMessageType) throw new SchemaCodecError('a message type needs .proto files');
    return { key: null, value: null };
  }
  const root = new protobuf.Root();
  for (const file of decoding.protoFiles) {
    try {
      protobuf.parse(file.text, root, { keepCase: true });
    } catch (error) {
      throw new SchemaCodecError(`${file.name}: ${(error as Error).message}`);
    }
  }
  try {
    root.resolveAll();
  } catch (error) {
    throw new SchemaCodecError(`.proto files do not resolve: ${(error as Error).message}`);
  }
  const lookup = (name: string | null): protobuf.Type | null => {
    if (!name) return null;
    try {
      return root.lookupType(name);
    } catch {
      throw new SchemaCodecError(`no message type ${name} in the .proto files`);
    }
  };
  return { key: lookup(decoding.keyMessageType), value: lookup(decoding.valueMessageType) };
}

export class PayloadDecoder {
  private readonly source: SchemaSource | null;
  private readonly local: { key: protobuf.Type | null; value: protobuf.Type | null };

  constructor(readonly spec: DecodeSpec, sources: SchemaSources) {
    this.source = spec.registry ? sources.for(spec.registry) : null;
    this.local = parseProtoFiles(spec.decoding);
  }

  /** Looks up the schema ids of these payloads (call before decode). */
  async prefetch(payloads: Iterable<Buffer | null>): Promise<void> {
    if (!this.source) return;
    const ids = new Set<number>();
    for (const b of payloads) if (b && b.length >= HEADER_SIZE && b[0] === MAGIC_BYTE) ids.add(b.readInt32BE(1));
    if (ids.size > 0) await this.source.prefetch(ids);
  }

  /** Looks up the schema ids of these records' keys and values. */
  prefetchRecords(records: readonly DecodedRecord[]): Promise<void> {
    return this.prefetch(records.flatMap((r) => [r.key, r.value]));
  }

  /** The record as filters see it: schema-decoded keys and values in `decoded` (raw bytes unchanged). */
  view(record: DecodedRecord): DecodedRecord {
    const key = record.key ? this.schemaValue(record.key, 'key') : NO_VALUE;
    const value = record.value ? this.schemaValue(record.value, 'value') : NO_VALUE;
    if (key === NO_VALUE && value === NO_VALUE) return record;
    const decoded: { key?: unknown; value?: unknown } = {};
    if (key !== NO_VALUE) decoded.key = key;
    if (value !== NO_VALUE) decoded.value = value;
    return { ...record, decoded };
  }

  /** The schema-decoded value (Avro, Protobuf, JSON Schema), or NO_VALUE when the payload is not schema data. */
  private schemaValue(bytes: Buffer, target: Target): unknown {
    if (!this.mayUseSchema(bytes, target)) return NO_VALUE;
    const o = this.outcome(bytes, target);
    return o.error !== undefined || o.value === undefined || o.as === 'json' ? NO_VALUE : o.value;
  }

  /** For the GUI: pretty JSON or the text form, with schema id, subject, version, or the reason it failed. */
  decode(bytes: Buffer, target: Target): DecodedPayload {
    const o = this.outcome(bytes, target);
    const text = o.error !== undefined ? null : o.value !== undefined ? JSON.stringify(o.value, null, 2) : (o.text ?? '');
    return {
      as: o.as, text, schemaId: o.schemaId ?? null, subject: o.subject ?? null, version: o.version ?? null,
      messageType: o.messageType ?? null, error: o.error ?? null, ...(o.mismatch !== undefined ? { mismatch: o.mismatch } : {}),
    };
  }

  /** Cheap pre-check: only wire-format payloads or a topic's .proto types can decode to something new. */
  private mayUseSchema(bytes: Buffer, target: Target): boolean {
    const mode = this.spec.decoding[target];
    if (mode === 'avro' || mode === 'protobuf' || mode === 'json-schema') return true;
    if (mode !== 'auto') return false;
    return this.local[target] !== null || (this.source !== null && bytes.length >= HEADER_SIZE && bytes[0] === MAGIC_BYTE);
  }

  /** For export: the schema-decoded value and its schema id, or null to write the payload as it is. */
  exportValue(bytes: Buffer, target: Target): { value: unknown; schemaId: number | null } | null {
    if (!this.mayUseSchema(bytes, target)) return null;
    const o = this.outcome(bytes, target);
    if (o.error !== undefined || o.value === undefined || o.as === 'json') return null;
    return { value: o.value, schemaId: o.schemaId ?? null };
  }

  private outcome(bytes: Buffer, target: Target): Outcome {
    const mode: PayloadDecoding = this.spec.decoding[target];
    switch (mode) {
      case 'hex': return { as: 'hex', text: bytes.toString('hex') };
      case 'base64': return { as: 'base64', text: bytes.toString('base64') };
      case 'string': return { as: 'string', text: bytes.toString('utf8') };
      case 'json': return json(bytes) ?? { as: 'json', error: 'not JSON' };
      case 'avro':
      case 'json-schema': return this.registry(bytes, target, mode);
      case 'protobuf': {
        const type = this.local[target];
        if (type && (bytes[0] !== MAGIC_BYTE || !this.source)) return local(type, bytes);
        return this.registry(bytes, target, 'protobuf');
      }
      case 'auto': {
        if (bytes.length >= HEADER_SIZE && bytes[0] === MAGIC_BYTE && this.source) return this.registry(bytes, target, 'auto');
        const type = this.local[target];
        if (type) return local(type, bytes);
        return json(bytes) ?? text(bytes) ?? { as: 'hex', text: bytes.toString('hex') };
      }
    }
  }

  private registry(bytes: Buffer, target: Target, mode: PayloadDecoding): Outcome {
    const as: DecodedPayload['as'] = mode === 'avro' || mode === 'json-schema' || mode === 'protobuf' ? mode : 'avro';
    const problem = wireProblem(bytes);
    if (problem) return { as, error: problem };
    const schemaId = bytes.readInt32BE(1);
    if (!this.source) return { as, schemaId, error: 'no Schema Registry is configured for this cluster' };
    const schema = this.source.get(schemaId);
    if (typeof schema === 'string') return { as, schemaId, error: schema };
    const strategy = `${this.spec.topic}-${target}`;
    const usage = schema.usages.find((u) => u.subject === strategy) ?? schema.usages[0];
    const found: Outcome = { as: SCHEMA_AS[schema.type], schemaId, subject: usage?.subject ?? null, version: usage?.version ?? null };
    try {
      let start = HEADER_SIZE;
      let indexes: number[] = [];
      if (schema.type === 'PROTOBUF') ({ indexes, payloadStart: start } = readMessageIndexes(bytes, HEADER_SIZE));
      const decoded = schema.codec.decode(bytes.subarray(start), indexes);
      const outcome: Outcome = { ...found, value: decoded.value, messageType: decoded.messageType };
      if (decoded.mismatch !== undefined) outcome.mismatch = `does not match schema ${found.version !== null && found.version !== undefined ? `v${found.version}` : `id ${schemaId}`}: ${decoded.mismatch}`;
      return outcome;
    } catch (error) {
      if (error instanceof SchemaCodecError || error instanceof WireFormatError) return { ...found, error: error.message };
      return { ...found, error: `decoding failed: ${(error as Error).message}` };
    }
  }
}

function json(bytes: Buffer): Outcome | null {
  const first = bytes.length > 0 ? String.fromCharCode(bytes[0] as number) : '';
  if (!/[{["\-0-9tfn]/.test(first)) return null;
  try {
    return { as: 'json', value: JSON.parse(utf8.decode(bytes)) };
  } catch {
    return null;
  }
}

function text(bytes: Buffer): Outcome | null {
  try {
    const s = utf8.decode(bytes);
    // eslint-disable-next-line no-control-regex
    return /[\x00-\x08\x0e-\x1f]/.test(s) ? null : { as: 'string', text: s };
  } catch {
    return null;
  }
}

/** Protobuf from the topic's .proto files; a wire-format header (registry elsewhere) is skipped. */
function local(type: protobuf.Type, bytes: Buffer): Outcome {
  const messageType = type.fullName.replace(/^\./, '');
  try {
    let start = 0;
    let schemaId: number | undefined;
    if (bytes[0] === MAGIC_BYTE && bytes.length >= HEADER_SIZE) {
      schemaId = bytes.readInt32BE(1);
      start = readMessageIndexes(bytes, HEADER_SIZE).payloadStart;
    }
    return { as: 'protobuf', value: jsonFriendly(protobufObject(type, bytes.subarray(start))), messageType, ...(schemaId !== undefined ? { schemaId } : {}) };
  } catch (error) {
    const message = (error as Error).message;
    return { as: 'protobuf', messageType, error: /index out of range/i.test(message) ? `truncated payload: ${message}` : `Protobuf decoding failed (${messageType}): ${message}` };
  }
}
