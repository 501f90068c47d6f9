/**
 * A reference encoder that walks the schema at run time (no generated code, no Writer class):
 * the byte-level oracle for the generated writers. It follows the README's encoding table
 * literally, including the subtleties the generated code must get right: the never-compact
 * RequestHeader.ClientId, the int8 marker of nullable structs, tagged fields written only when
 * non-default and in ascending tag order. It can also inject unknown tagged fields, which every
 * generated reader must skip.
 */
import { exists, isInline, isNullable, isTagged, sameValue, defaultValue, toBuffer, type FieldModel, type MessageModel, type Rng, type Struct, type Value } from './schema-model.js';
import { inRange } from '../../../scripts/gen-protocol/schema.mjs';

class Bytes {
  readonly parts: Buffer[] = [];
  push(b: Buffer): void {
    this.parts.push(b);
  }
  fixed(n: number, write: (b: Buffer) => void): void {
    const b = Buffer.alloc(n);
    write(b);
    this.parts.push(b);
  }
  uvarint(n: number): void {
    const out: number[] = [];
    let x = n;
    do {
      let byte = x % 128;
      x = Math.floor(x / 128);
      if (x > 0) byte |= 0x80;
      out.push(byte);
    } while (x > 0);
    this.parts.push(Buffer.from(out));
  }
  concat(): Buffer {
    return Buffer.concat(this.parts);
  }
}

export interface EncodeOptions {
  /** When set, unknown tags (with random payloads) are mixed into every tagged-field section. */
  unknownTags?: Rng;
}

export function referenceEncode(model: MessageModel, v: number, msg: Struct, opts: EncodeOptions = {}): Buffer {
  const out = new Bytes();
  encodeStruct(model, model.schema.name, v, msg, out, opts);
  return out.concat();
}

function encodeStruct(model: MessageModel, struct: string, v: number, msg: Struct, out: Bytes, opts: EncodeOptions): void {
  const flexible = model.isFlexible(v);
  const fields = model.fieldsOf(struct);
  for (const f of fields) {
    if (isInline(f, v)) encodeField(model, f, v, msg[f.key]!, out, opts);
  }
  if (!flexible) return;
  const tagged: [number, Buffer][] = [];
  for (const f of fields) {
    if (!isTagged(f, v, flexible)) continue;
    const value = msg[f.key]!;
    if (sameValue(value, defaultValue(model, f))) continue;
    const inner = new Bytes();
    encodeField(model, f, v, value, inner, opts);
    tagged.push([f.tag!, inner.concat()]);
  }
  if (opts.unknownTags) {
    const rng = opts.unknownTags;
    const used = new Set(fields.filter((f) => f.tag !== null).map((f) => f.tag!));
    for (let i = rng.int(0, 2); i > 0; i--) {
      const tag = rng.pick([rng.int(0, 12), rng.int(100, 200), 0x3fff, 2 ** 28]);
      if (used.has(tag)) continue;
      used.add(tag);
      tagged.push([tag, rng.bytes(rng.pick([0, 1, 5, 200]))]);
    }
  }
  tagged.sort((a, b) => a[0] - b[0]);
  out.uvarint(tagged.length);
  for (const [tag, bytes] of tagged) {
    out.uvarint(tag);
    out.uvarint(bytes.length);
    out.push(bytes);
  }
}

function encodeField(model: MessageModel, f: FieldModel, v: number, value: Value, out: Bytes, opts: EncodeOptions): void {
  if (!exists(f, v)) throw new Error(`${f.spec.name} does not exist in v${v}`);
  const flexible = f.flexOverride === undefined ? model.isFlexible(v) : inRange(f.flexOverride, v);
  if (f.isArray) {
    if (value === null) {
      if (!isNullable(f, v)) throw new Error(`${f.spec.name} null but not nullable in v${v}`);
      lengthPrefix(out, -1, flexible, 4);
      return;
    }
    const items = value as Value[];
    lengthPrefix(out, items.length, flexible, 4);
    for (const item of items) {
      if (f.struct) encodeStruct(model, f.struct, v, item as Struct, out, opts);
      else encodePrimitive(f.elem, item, flexible, out);
    }
    return;
  }
  if (f.struct) {
    if (isNullable(f, v)) {
      if (value === null) {
        out.push(Buffer.from([0xff]));
        return;
      }
      out.push(Buffer.from([1]));
    } else if (value === null) {
      throw new Error(`${f.spec.name} null but not nullable in v${v}`);
    }
    encodeStruct(model, f.struct, v, value as Struct, out, opts);
    return;
  }
  if (value === null && !isNullable(f, v)) throw new Error(`${f.spec.name} null but not nullable in v${v}`);
  encodePrimitive(f.elem, value, flexible, out);
}

function lengthPrefix(out: Bytes, n: number, flexible: boolean, width: 2 | 4): void {
  if (flexible) out.uvarint(n + 1);
  else if (width === 2) out.fixed(2, (b) => b.writeInt16BE(n));
  else out.fixed(4, (b) => b.writeInt32BE(n));
}

function encodePrimitive(type: string, value: Value, flexible: boolean, out: Bytes): void {
  const num = value as number;
  switch (type) {
    case 'bool':
      return out.push(Buffer.from([value ? 1 : 0]));
    case 'int8':
      return out.fixed(1, (b) => b.writeInt8(num));
    case 'int16':
      return out.fixed(2, (b) => b.writeInt16BE(num));
    case 'uint16':
      return out.fixed(2, (b) => b.writeUInt16BE(num));
    case 'int32':
      return out.fixed(4, (b) => b.writeInt32BE(num));
    case 'uint32':
      return out.fixed(4, (b) => b.writeUInt32BE(num));
    case 'int64': {
      // Defaults like 0x7fffffffffffffff exceed 2^53 as numbers; Kafka's value is the clamped int64.
      let big = BigInt(num);
      if (big > 0x7fffffffffffffffn) big = 0x7fffffffffffffffn;
      if (big < -0x8000000000000000n) big = -0x8000000000000000n;
      return out.fixed(8, (b) => b.writeBigInt64BE(big));
    }
    case 'float64':
      return out.fixed(8, (b) => b.writeDoubleBE(num));
    case 'uuid':
      return out.push(Buffer.from(value as string, 'base64url'));
    case 'string': {
      if (value === null) return lengthPrefix(out, -1, flexible, 2);
      const s = Buffer.from(value as string, 'utf8');
      lengthPrefix(out, s.length, flexible, 2);
      return out.push(s);
    }
    case 'bytes':
    case 'records': {
      if (value === null) return lengthPrefix(out, -1, flexible, 4);
      const b = toBuffer(value);
      lengthPrefix(out, b.length, flexible, 4);
      return out.push(b);
    }
    default:
      throw new Error(`unknown primitive ${type}`);
  }
}
