/**
 * Schemas as codecs for records: decode a wire-format payload to a JSON-friendly value, and validate + encode JSON for
 * produce. Avro through avsc, Protobuf through protobufjs, JSON Schema through ajv (the libraries the embedded
 * registry checks compatibility with). References arrive resolved, dependencies first.
 */

import { Ajv, type ValidateFunction } from 'ajv';
import avro from 'avsc';
import protobuf from 'protobufjs';
import type { SchemaType } from '../../src-common/contract/schema-registry.js';
import { parseProtoSource } from '../../src-engine/index.js';

export class SchemaCodecError extends Error {}

/** A referenced schema's import name and text. */
export interface ResolvedRef {
  name: string;
  schema: string;
}

export interface DecodedValue {
  value: unknown;
  messageType: string | null;
  /** JSON Schema: why the (still decoded) value does not satisfy its schema — ajv's errors with JSON paths. */
  mismatch?: string;
}

export interface SchemaCodec {
  readonly type: SchemaType;
  /** Decodes the payload that follows the wire header (Protobuf: `indexes` select the message). */
  decode(payload: Buffer, indexes: readonly number[]): DecodedValue;
  /** Validates a JSON value against the schema and encodes it; Protobuf also returns the message indexes. */
  encode(value: unknown, messageType?: string): { payload: Buffer; indexes?: number[] };
}

/** Buffers as base64, bigints and Longs as strings: what JSON.stringify can carry. */
export function jsonFriendly(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(jsonFriendly);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), jsonFriendly(v)]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = jsonFriendly(v);
  return out;
}

function avroCodec(schema: string, refs: readonly ResolvedRef[]): SchemaCodec {
  const registry: Record<string, avro.Type> = {};
  const parse = (text: string): avro.Schema => {
    try {
      return JSON.parse(text) as avro.Schema;
    } catch {
      return text.trim() as avro.Schema; // a bare primitive name
    }
  };
  for (const ref of refs) avro.Type.forSchema(parse(ref.schema), { registry });
  const type = avro.Type.forSchema(parse(schema), { registry });
  return {
    type: 'AVRO',
    decode(payload) {
      try {
        return { value: jsonFriendly(type.fromBuffer(payload)), messageType: null };
      } catch (error) {
        const message = (error as Error).message;
        throw new SchemaCodecError(/truncated/i.test(message) ? `truncated payload: ${message}` : `Avro decoding failed: ${message}`);
      }
    },
    encode(value) {
      const problems: string[] = [];
      if (type.isValid(value, { errorHook: (path, v) => problems.push(`${path.join('.') || '(root)'}: ${JSON.stringify(v)} does not match the schema`) })) {
        return { payload: type.toBuffer(value) };
      }
      // Avro's own JSON encoding (unions as {"type": value}) is accepted too.
      try {
        return { payload: type.toBuffer(type.fromString(JSON.stringify(value))) };
      } catch {
        throw new SchemaCodecError(`not valid for the Avro schema: ${problems.slice(0, 5).join('; ')}`);
      }
    },
  };
}

/** A file's message types in declaration order, nested ones under their parent (what message indexes count). */
function messageTree(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

function packageNamespace(root: protobuf.Root, pkg: string | undefined): protobuf.NamespaceBase {
  return pkg ? (root.lookup(pkg) as protobuf.Namespace | null) ?? root : root;
}

/** Protobuf: the schema's own messages come from its own parse (for the indexes), the types from a root with its references. */
export function protobufTypes(schema: string, refs: readonly ResolvedRef[]): { root: protobuf.Root; top: protobuf.Type[] } {
  const root = new protobuf.Root();
  for (const ref of refs) parseProtoSource(ref.schema, root);
  const parsed = parseProtoSource(schema, root);
  root.resolveAll();
  const own = parseProtoSource(schema);
  const ownTop = messageTree(packageNamespace(own.root, own.package));
  const base = packageNamespace(root, parsed.package);
  const top = ownTop.map((t) => base.lookupType(t.name));
  return { root, top };
}

export function protobufObject(type: protobuf.Type, payload: Buffer): unknown {
  const message = type.decode(payload);
  return type.toObject(message, { longs: String, enums: String, bytes: String, defaults: true, oneofs: false });
}

export function protobufEncode(type: protobuf.Type, value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SchemaCodecError(`a ${type.name} is a JSON object`);
  const unknown = Object.keys(value).filter((k) => !type.fields[k]);
  if (unknown.length > 0) throw new SchemaCodecError(`${type.name} has no field ${unknown.map((k) => `'${k}'`).join(', ')}`);
  let message: protobuf.Message;
  try {
    message = type.fromObject(value as Record<string, unknown>);
  } catch (error) {
    throw new SchemaCodecError(`not valid for ${type.name}: ${(error as Error).message}`);
  }
  const problem = type.verify(message);
  if (problem) throw new SchemaCodecError(`not valid for ${type.name}: ${problem}`);
  return Buffer.from(type.encode(message).finish());
}

function protobufCodec(schema: string, refs: readonly ResolvedRef[]): SchemaCodec {
  const { top } = protobufTypes(schema, refs);
  if (top.length === 0) throw new SchemaCodecError('the Protobuf schema declares no message');
  const byIndexes = (indexes: readonly number[]): protobuf.Type => {
    let list = top;
    let type: protobuf.Type | undefined;
    for (const i of indexes) {
      type = list[i];
      if (!type) throw new SchemaCodecError(`bad Protobuf message indexes [${indexes.join(', ')}]: no such message in the schema`);
      list = messageTree(type);
    }
    if (!type) throw new SchemaCodecError('empty Protobuf message indexes');
    return type;
  };
  const indexesOf = (fullName: string): number[] => {
    const want = fullName.replace(/^\./, '');
    const walk = (list: protobuf.Type[], path: number[]): number[] | null => {
      for (const [i, t] of list.entries()) {
        if (t.fullName.replace(/^\./, '') === want || t.name === want) return [...path, i];
        const inner = walk(messageTree(t), [...path, i]);
        if (inner) return inner;
      }
      return null;
    };
    const found = walk(top, []);
    if (!found) throw new SchemaCodecError(`the schema has no message ${fullName}`);
    return found;
  };
  return {
    type: 'PROTOBUF',
    decode(payload, indexes) {
      const type = byIndexes(indexes);
      try {
        return { value: protobufObject(type, payload), messageType: type.fullName.replace(/^\./, '') };
      } catch (error) {
        const message = (error as Error).message;
        throw new SchemaCodecError(/index out of range|truncat/i.test(message) ? `truncated payload: ${message}` : `Protobuf decoding failed: ${message}`);
      }
    },
    encode(value, messageType) {
      const indexes = messageType ? indexesOf(messageType) : [0];
      return { payload: protobufEncode(byIndexes(indexes), value), indexes };
    },
  };
}

/** ajv's errors as "<JSON path> <message>", the first few: what produce refuses with and browsing marks. */
function schemaProblems(validate: ValidateFunction, value: unknown): string | null {
  if (validate(value)) return null;
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim());
  return shown.join('; ') + (errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '');
}

function jsonSchemaCodec(schema: string, refs: readonly ResolvedRef[]): SchemaCodec {
  let validate: ValidateFunction;
  try {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    for (const ref of refs) ajv.addSchema(JSON.parse(ref.schema) as object, ref.name);
    validate = ajv.compile(JSON.parse(schema) as object);
  } catch (error) {
    throw new SchemaCodecError(`invalid JSON Schema: ${(error as Error).message}`);
  }
  return {
    type: 'JSON',
    decode(payload) {
      let value: unknown;
      try {
        value = JSON.parse(payload.toString('utf8'));
      } catch (error) {
        throw new SchemaCodecError(`JSON Schema payload is not JSON: ${(error as Error).message}`);
      }
      const mismatch = schemaProblems(validate, value);
      return mismatch === null ? { value, messageType: null } : { value, messageType: null, mismatch };
    },
    encode(value) {
      const problems = schemaProblems(validate, value);
      if (problems !== null) throw new SchemaCodecError(`not valid for the JSON Schema: ${problems}`);
      return { payload: Buffer.from(JSON.stringify(value)) };
    },
  };
}

export function buildCodec(type: SchemaType, schema: string, refs: readonly ResolvedRef[]): SchemaCodec {
  try {
    switch (type) {
      case 'AVRO': return avroCodec(schema, refs);
      case 'PROTOBUF': return protobufCodec(schema, refs);
      case 'JSON': return jsonSchemaCodec(schema, refs);
    }
  } catch (error) {
    if (error instanceof SchemaCodecError) throw error;
    throw new SchemaCodecError(`cannot parse the ${type} schema: ${(error as Error).message}`);
  }
}
