/**
 * Drives one schema through the generated codecs: random message -> generated writer ->
 * byte-compare with the reference encoder -> generated reader -> deep-compare, plus unknown-tag
 * and truncation checks. Shared by the round-trip test for APIs, headers, data and internal schemas.
 */
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { Reader, ProtocolDecodeError } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { kebab } from '../../../scripts/gen-protocol/schema.mjs';
import { REPO_ROOT, Rng, caseSeed, randomMessage, type GenOptions, type MessageModel, type Struct } from './schema-model.js';
import { referenceEncode } from './schema-encoder.js';

export type ReadFn = (r: Reader, v: number) => unknown;
export type WriteFn = (w: Writer, v: number, m: never) => void;
export interface Codec {
  read: ReadFn;
  write: WriteFn;
}

/** Base seed; override with CODEC_SEED=<n> to explore, failures print the per-case seed. */
export const BASE_SEED = Number(process.env.CODEC_SEED ?? 20261122);
/** Random messages per (schema, version). */
export const ITERATIONS = Number(process.env.CODEC_ITERATIONS ?? 12);

const GENERATED = join(REPO_ROOT, 'src-protocol/generated');

/** Loads read<Name>/write<Name> from a generated module that is not in API_DEFINITIONS (headers, data, internal). */
export async function loadModule(folder: '' | 'data' | 'internal', name: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(join(GENERATED, folder, `${kebab(name)}.ts`)).href)) as Record<string, unknown>;
}

export async function loadCodec(folder: '' | 'data' | 'internal', name: string): Promise<Codec> {
  const file = join(GENERATED, folder, `${kebab(name)}.ts`);
  const mod = await loadModule(folder, name);
  const read = mod[`read${name}`];
  const write = mod[`write${name}`];
  assert.equal(typeof read, 'function', `${file} exports read${name}`);
  assert.equal(typeof write, 'function', `${file} exports write${name}`);
  return { read: read as ReadFn, write: write as WriteFn };
}

function optionsFor(i: number): GenOptions {
  // Mix minimal messages (empty arrays, every tagged field at its default) with busy ones.
  if (i % 4 === 0) return { taggedDefaultP: 1, absentNoiseP: 0, maxArray: 0 };
  if (i % 4 === 1) return { taggedDefaultP: 0, absentNoiseP: 0.5, maxArray: 2 };
  return { taggedDefaultP: 0.4, absentNoiseP: 0.3, maxArray: 3 };
}

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const around = (x: Buffer): string => x.subarray(Math.max(0, i - 8), i + 8).toString('hex');
  return `lengths ${a.length}/${b.length}, first difference at byte ${i}: generated …${around(a)}… reference …${around(b)}…`;
}

/** Every strict prefix of a valid encoding must be rejected with ProtocolDecodeError (never accepted, never another error). */
function checkTruncations(codec: Codec, v: number, bytes: Buffer): void {
  for (let n = 0; n < bytes.length; n++) {
    const r = new Reader(bytes.subarray(0, n));
    let decoded = false;
    try {
      codec.read(r, v);
      decoded = true;
    } catch (err) {
      if (!(err instanceof ProtocolDecodeError)) throw new Error(`prefix of ${n}/${bytes.length} bytes threw ${String(err)}`, { cause: err });
    }
    if (decoded) throw new Error(`prefix of ${n}/${bytes.length} bytes decoded without error (offset ${r.offset})`);
  }
}

/** Runs every version of one schema; throws with the case label and seed on the first failure. */
export function exerciseSchema(model: MessageModel, codec: Codec, label: string, iterations = ITERATIONS): number {
  let cases = 0;
  for (let v = model.valid.min; v <= model.valid.max; v++) {
    for (let i = 0; i < iterations; i++) {
      const caseLabel = `${label} v${v} #${i}`;
      const seed = caseSeed(BASE_SEED, caseLabel);
      try {
        exerciseOnce(model, codec, v, i, new Rng(seed));
      } catch (err) {
        const e = err as Error;
        e.message = `${caseLabel} (seed ${seed}, CODEC_SEED=${BASE_SEED}): ${e.message}`;
        throw e;
      }
      cases++;
    }
  }
  return cases;
}

function exerciseOnce(model: MessageModel, codec: Codec, v: number, i: number, rng: Rng): void {
  const { input, expected } = randomMessage(model, v, rng, optionsFor(i));
  const w = new Writer(16);
  codec.write(w, v, input as never);
  const bytes = w.toBuffer();
  const reference = referenceEncode(model, v, input);
  if (!bytes.equals(reference)) throw new Error(`generated writer disagrees with the schema: ${firstDifference(bytes, reference)}`);

  const r = new Reader(bytes);
  const decoded = codec.read(r, v);
  assert.equal(r.offset, bytes.length, 'reader consumed every byte');
  assert.deepStrictEqual(decoded, expected);

  if (model.isFlexible(v)) {
    const withUnknown = referenceEncode(model, v, input, { unknownTags: rng });
    const r2 = new Reader(withUnknown);
    const decoded2 = codec.read(r2, v);
    assert.equal(r2.offset, withUnknown.length, 'reader consumed every byte of a message with unknown tags');
    assert.deepStrictEqual(decoded2, expected, 'unknown tagged fields are skipped');
    // An unknown tag whose declared size runs past the frame must be rejected, not skipped over the end.
    if (i % 3 === 1 && withUnknown.length <= 400) checkTruncations(codec, v, withUnknown);
  }
  // Truncation is quadratic in size: check small messages, a few per version.
  if (i % 3 === 1 && bytes.length <= 400) checkTruncations(codec, v, bytes);
}

export function asStruct(x: unknown): Struct {
  return x as Struct;
}
