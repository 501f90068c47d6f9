/**
 * Every response kafkajs can decode (every API folder and version under kafkajs/src/protocol/requests,
 * up to the schema's maximum): seeded random responses from the schema, encoded by our writers,
 * must be decoded by kafkajs without error and with its decoder ending exactly at the last byte.
 * kafkajs (used by the backend for every cluster) reading past or short of our bytes means the two
 * disagree about the field layout of that version.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { API_BY_KEY } from '../../../src-protocol/generated/index.js';
import { BASE_SEED } from './codec-harness.js';
import { MessageModel, Rng, caseSeed, loadMessages, randomMessage, type Struct, type Value } from './schema-model.js';

const require = createRequire(import.meta.url);
const REQUESTS_DIR = join(dirname(require.resolve('kafkajs/src/protocol/requests/apiKeys.js')));

interface DecoderInstance {
  buffer: Buffer;
  offset: number;
}
type DecoderMethod = (this: DecoderInstance, ...args: unknown[]) => unknown;
const DecoderClass = require('kafkajs/src/protocol/decoder.js') as { prototype: Record<string, DecoderMethod> };
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys.js') as Record<string, number>;

/** Remembers every kafkajs Decoder that read something, so a test can find the one reading our buffer. */
const liveDecoders = new Set<DecoderInstance>();
for (const name of Object.getOwnPropertyNames(DecoderClass.prototype)) {
  const original = DecoderClass.prototype[name];
  if (!name.startsWith('read') || typeof original !== 'function') continue;
  DecoderClass.prototype[name] = function (this: DecoderInstance, ...args: unknown[]): unknown {
    liveDecoders.add(this);
    return original.apply(this, args);
  };
}

/** kafkajs folder name -> API key (kafkajs still calls FindCoordinator "GroupCoordinator"). */
function keyOf(folder: string): number | undefined {
  if (folder === 'findCoordinator') return apiKeys.GroupCoordinator;
  return apiKeys[folder.charAt(0).toUpperCase() + folder.slice(1)];
}

/** kafkajs parses record batches inside Fetch responses: random bytes there would test kafkajs, not the layout. */
function blankRecords(v: Value): Value {
  if (Array.isArray(v)) return (v as Value[]).map(blankRecords);
  if (v === null || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
  const out: Struct = {};
  for (const [k, x] of Object.entries(v as Struct)) out[k] = k === 'records' ? Buffer.alloc(0) : blankRecords(x);
  return out;
}

const responses = loadMessages().filter((s) => s.type === 'response');
const ITERATIONS = Number(process.env.CODEC_ITERATIONS ?? 6);

describe('kafkajs decodes every response version it knows from our writers, to the last byte', () => {
  for (const folder of readdirSync(REQUESTS_DIR).filter((f) => !f.endsWith('.js')).sort()) {
    const key = keyOf(folder);
    const schema = responses.find((s) => s.apiKey === key);
    if (key === undefined || !schema) continue;
    const def = API_BY_KEY.get(key)!;
    const versions = readdirSync(join(REQUESTS_DIR, folder))
      .filter((d) => /^v\d+$/.test(d) && existsSync(join(REQUESTS_DIR, folder, d, 'response.js')))
      .map((d) => Number(d.slice(1)))
      .filter((v) => v <= def.maxVersion && (def.flexibleFrom < 0 || v < def.flexibleFrom))
      .sort((a, b) => a - b);
    // kafkajs never speaks flexible versions; APIs flexible from v0 have nothing to compare.
    if (versions.length === 0) continue;
    it(`${schema.name} v${versions.join(',')} (kafkajs ${folder})`, async () => {
      const model = new MessageModel(schema);
      for (const v of versions) {
        type Decode = (b: Buffer) => Promise<unknown>;
        const mod = require(join(REQUESTS_DIR, folder, `v${v}`, 'response.js')) as { decode: Decode } | ((args: object) => { decode: Decode });
        // DeleteRecords exports a factory taking the request's topics (for its parse step).
        const decode = typeof mod === 'function' ? mod({ topics: [] }).decode : mod.decode;
        for (let i = 0; i < ITERATIONS; i++) {
          const label: string = `kafkajs ${schema.name} v${v} #${i}`;
          const seed = caseSeed(BASE_SEED, label);
          // Small numbers keep error codes away from UNSUPPORTED_VERSION, which kafkajs's decoders throw on.
          const { input } = randomMessage(model, v, new Rng(seed), { taggedDefaultP: 0.5, absentNoiseP: 0.3, maxArray: 3, vocabulary: ['a', '', 'topic-é', 'g'] });
          const w = new Writer();
          (def.writeResponse as (w: Writer, v: number, m: Value) => void)(w, v, blankRecords(input));
          const bytes = w.toBuffer();
          liveDecoders.clear();
          try {
            await decode(bytes);
          } catch (err) {
            assert.fail(`${label} (seed ${seed}): kafkajs failed to decode our bytes: ${(err as Error).message}`);
          }
          const top = [...liveDecoders].find((d) => d.buffer === bytes);
          assert.ok(top, `${label}: kafkajs read our buffer`);
          assert.equal(top.offset, bytes.length, `${label} (seed ${seed}): kafkajs stopped at byte ${top.offset} of ${bytes.length}`);
        }
      }
    });
  }
});
