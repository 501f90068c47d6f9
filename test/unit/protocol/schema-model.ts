/**
 * An interpreter of Kafka's JSON message schemas, written independently of the code generator:
 * it knows which fields are on the wire in a version, what their defaults are, builds random
 * messages, and encodes them byte by byte (see schema-encoder.ts). Agreement between this
 * interpreter and the generated codecs is what the round-trip test checks; a bug shared by both
 * would have to be made twice in two different styles.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { camel, inRange, loadDir, parseRange, type MessageSchema, type SchemaField, type VersionRange } from '../../../scripts/gen-protocol/schema.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Apache Kafka's message schemas, vendored in the repository (the generator reads the same folder). */
export const SPEC_DIR = join(REPO_ROOT, 'src-protocol/schemas');

export const loadMessages = (): MessageSchema[] => loadDir(join(SPEC_DIR, 'messages'));
export const loadInternal = (): MessageSchema[] => loadDir(join(SPEC_DIR, 'internal'));

export type Value = number | boolean | string | Buffer | readonly Buffer[] | null | Value[] | Struct;
export interface Struct {
  [field: string]: Value;
}

const ZERO_UUID = Buffer.alloc(16).toString('base64url');

// ------------------------------------------------------------------ seeded PRNG

/** sfc32: small, fast, and good enough that failures reproduce from one printed seed. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / 4294967296) * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }
}

/** FNV-1a of a label, mixed with the base seed: each test case gets its own reproducible stream. */
export function caseSeed(base: number, label: string): number {
  let h = 0x811c9dc5 ^ base;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// ------------------------------------------------------------------ schema model

export interface FieldModel {
  spec: SchemaField;
  key: string;
  versions: VersionRange | null;
  tagged: VersionRange | null;
  nullable: VersionRange | null;
  /** The tag of a tagged field; a few schema files spell it as a string ("tag": "0"). */
  tag: number | null;
  /** Only RequestHeader.ClientId overrides the message's flexible versions. */
  flexOverride: VersionRange | null | undefined;
  isArray: boolean;
  elem: string;
  /** Struct name when the element type is a struct. */
  struct: string | null;
}

const PRIMITIVE_TYPES = new Set(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'uuid', 'records']);

export class MessageModel {
  readonly valid: VersionRange;
  readonly flexible: VersionRange | null;
  readonly structs = new Map<string, FieldModel[]>();
  readonly root: FieldModel[];

  constructor(readonly schema: MessageSchema) {
    this.valid = parseRange(schema.validVersions)!;
    this.flexible = parseRange(schema.flexibleVersions);
    for (const cs of schema.commonStructs ?? []) this.define(cs.name, cs.fields);
    this.root = this.define(schema.name, schema.fields ?? []);
  }

  private define(name: string, fields: SchemaField[]): FieldModel[] {
    const models = fields.map((f) => {
      const isArray = f.type.startsWith('[]');
      const elem = isArray ? f.type.slice(2) : f.type;
      if (f.fields) this.define(elem, f.fields);
      return {
        spec: f,
        key: camel(f.name),
        versions: parseRange(f.versions),
        tagged: parseRange(f.taggedVersions),
        nullable: parseRange(f.nullableVersions),
        tag: f.tag === undefined ? null : Number(f.tag),
        flexOverride: f.flexibleVersions === undefined ? undefined : parseRange(f.flexibleVersions),
        isArray,
        elem,
        struct: PRIMITIVE_TYPES.has(elem) ? null : elem,
      };
    });
    this.structs.set(name, models);
    return models;
  }

  fieldsOf(struct: string): FieldModel[] {
    const f = this.structs.get(struct);
    if (!f) throw new Error(`${this.schema.name}: unknown struct ${struct}`);
    return f;
  }

  isFlexible(v: number): boolean {
    return inRange(this.flexible, v);
  }
}

export function exists(f: FieldModel, v: number): boolean {
  return inRange(f.versions, v);
}
export function isTagged(f: FieldModel, v: number, flexible: boolean): boolean {
  return flexible && exists(f, v) && inRange(f.tagged, v);
}
export function isInline(f: FieldModel, v: number): boolean {
  return exists(f, v) && !inRange(f.tagged, v);
}
export function isNullable(f: FieldModel, v: number): boolean {
  return inRange(f.nullable, v);
}

// ------------------------------------------------------------------ defaults

/** The schema's default for a field, following the README: strings like "-1", "0x7fffffff", " null " or bare JSON. */
export function defaultValue(model: MessageModel, f: FieldModel): Value {
  const raw = f.spec.default;
  const d = raw === undefined ? undefined : String(raw).trim();
  if (raw === null || d === 'null') return null;
  if (f.isArray) return [];
  if (f.struct) return defaultStruct(model, f.struct);
  switch (f.elem) {
    case 'bool':
      return d === 'true';
    case 'string':
      return d ?? '';
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return f.nullable ? null : Buffer.alloc(0);
    default:
      if (d === undefined || d === '') return 0;
      return d.toLowerCase().startsWith('0x') ? parseInt(d, 16) : d.toLowerCase().startsWith('-0x') ? -parseInt(d.slice(1), 16) : Number(d);
  }
}

export function defaultStruct(model: MessageModel, struct: string): Struct {
  const out: Struct = {};
  for (const f of model.fieldsOf(struct)) out[f.key] = defaultValue(model, f);
  return out;
}

// ------------------------------------------------------------------ random messages

export interface GenOptions {
  /** Probability that a present tagged field keeps its default (and so is not written). */
  taggedDefaultP: number;
  /** Probability that a field absent in this version is given a random value the writer must drop. */
  absentNoiseP: number;
  maxArray: number;
  /** When set, strings come from this list and integers stay small: requests that hit existing topics and groups. */
  vocabulary?: readonly string[];
}

/** A random message for version v: `input` feeds the writer, `expected` is what the reader must return. */
export function randomMessage(model: MessageModel, v: number, rng: Rng, opts: GenOptions): { input: Struct; expected: Struct } {
  return randomStruct(model, model.schema.name, v, rng, opts, 0);
}

function randomStruct(model: MessageModel, struct: string, v: number, rng: Rng, opts: GenOptions, depth: number): { input: Struct; expected: Struct } {
  const input: Struct = {};
  const expected: Struct = {};
  const flexible = model.isFlexible(v);
  for (const f of model.fieldsOf(struct)) {
    if (!exists(f, v) || (inRange(f.tagged, v) && !flexible)) {
      const def = defaultValue(model, f);
      expected[f.key] = def;
      input[f.key] = rng.chance(opts.absentNoiseP) ? randomField(model, f, v, rng, opts, depth).input : def;
      continue;
    }
    if (isTagged(f, v, flexible) && rng.chance(opts.taggedDefaultP)) {
      input[f.key] = expected[f.key] = defaultValue(model, f);
      continue;
    }
    const r = randomField(model, f, v, rng, opts, depth);
    input[f.key] = r.input;
    expected[f.key] = r.expected;
  }
  return { input, expected };
}

function randomField(model: MessageModel, f: FieldModel, v: number, rng: Rng, opts: GenOptions, depth: number): { input: Value; expected: Value } {
  if (isNullable(f, v) && rng.chance(0.2)) return { input: null, expected: null };
  if (f.isArray) {
    const n = depth > 3 ? rng.int(0, 1) : rng.int(0, opts.maxArray);
    const input: Value[] = [];
    const expected: Value[] = [];
    for (let i = 0; i < n; i++) {
      const e = f.struct ? randomStruct(model, f.struct, v, rng, opts, depth + 1) : randomPrimitive(f.elem, rng, opts);
      input.push(e.input);
      expected.push(e.expected);
    }
    return { input, expected };
  }
  if (f.struct) return randomStruct(model, f.struct, v, rng, opts, depth + 1);
  return randomPrimitive(f.elem, rng, opts);
}

const STRING_CHARS = ['a', 'b', 'z', 'A', '0', '-', '_', '.', ' ', 'é', 'ß', '中', '文', '😀', '\u0000', '\n'];

function randomPrimitive(type: string, rng: Rng, opts: GenOptions): { input: Value; expected: Value } {
  const same = (x: Value): { input: Value; expected: Value } => ({ input: x, expected: x });
  if (opts.vocabulary && rng.chance(0.8)) {
    if (type === 'string') return same(rng.pick(opts.vocabulary));
    if (type === 'int8' || type === 'int16' || type === 'int32' || type === 'int64') return same(rng.int(-1, 3));
  }
  switch (type) {
    case 'bool':
      return same(rng.chance(0.5));
    case 'int8':
      return same(rng.int(-128, 127));
    case 'int16':
      return same(rng.pick([-32768, -1, 0, 32767, rng.int(-32768, 32767)]));
    case 'uint16':
      return same(rng.pick([0, 65535, rng.int(0, 65535)]));
    case 'int32':
      return same(rng.pick([-2147483648, -1, 0, 2147483647, rng.u32() | 0]));
    case 'uint32':
      return same(rng.pick([0, 4294967295, rng.u32()]));
    case 'int64': {
      // JS numbers: exact within ±2^53, which is the engine's documented int64 range.
      const big = rng.u32() * 2 ** 21 + (rng.u32() >>> 11);
      return same(rng.pick([0, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, big, -big, rng.int(-1000, 1000)]));
    }
    case 'float64':
      return same(rng.pick([0, -0, 1.5, -2.25e-300, Number.MAX_VALUE, Infinity, -Infinity, NaN, (rng.u32() - 2 ** 31) / 7]));
    case 'string': {
      const n = rng.chance(0.05) ? rng.int(128, 400) : rng.int(0, 8);
      let s = '';
      for (let i = 0; i < n; i++) s += rng.pick(STRING_CHARS);
      return same(s);
    }
    case 'uuid':
      return same(rng.bytes(16).toString('base64url'));
    case 'bytes':
      return same(rng.bytes(rng.chance(0.05) ? rng.int(1024, 3000) : rng.int(0, 16)));
    case 'records': {
      // The writer also accepts a list of buffers (Fetch serves stored segments that way).
      if (rng.chance(0.5)) {
        const parts = [rng.bytes(rng.int(0, 10)), rng.bytes(rng.chance(0.3) ? 1500 : rng.int(0, 10)), rng.bytes(rng.int(0, 10))];
        return { input: parts, expected: Buffer.concat(parts) };
      }
      return same(rng.bytes(rng.int(0, 40)));
    }
    default:
      throw new Error(`unknown primitive ${type}`);
  }
}

/** Deep equality with Kafka's notion of "is the default" (used to decide whether a tagged field is written). */
export function sameValue(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b) || isBufferList(a) || isBufferList(b)) {
    return toBuffer(a).equals(toBuffer(b));
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x: Value, i: number) => sameValue(x, b[i]!));
  const sa = a as Struct;
  const sb = b as Struct;
  const keys = Object.keys(sa);
  return keys.length === Object.keys(sb).length && keys.every((k) => k in sb && sameValue(sa[k]!, sb[k]!));
}

export function isBufferList(v: Value): v is readonly Buffer[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => Buffer.isBuffer(x));
}

export function toBuffer(v: Value): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (Array.isArray(v)) return Buffer.concat(v as Buffer[]);
  throw new Error('not a byte value');
}
