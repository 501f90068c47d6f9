/**
 * Every generated codec against an independent schema interpreter: for every API and every
 * version, request and response, random messages (seeded) are encoded by the generated writer,
 * compared byte for byte with the reference encoder, decoded by the generated reader and
 * deep-compared. Headers, data/ and internal/ schemas get the same treatment.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as generated from '../../../src-protocol/generated/index.js';
import { API_DEFINITIONS, API_BY_KEY } from '../../../src-protocol/generated/index.js';
import { parseRange } from '../../../scripts/gen-protocol/schema.mjs';
import { MessageModel, defaultStruct, loadInternal, loadMessages } from './schema-model.js';
import { exerciseSchema, loadCodec, loadModule, type Codec, type ReadFn, type WriteFn } from './codec-harness.js';

const messages = loadMessages();
const rpc = messages.filter((s) => s.type === 'request' || s.type === 'response');
const headers = messages.filter((s) => s.type === 'header');
const data = messages.filter((s) => s.type === 'data');
const internal = loadInternal();

describe('API_DEFINITIONS matches the schemas', () => {
  it('has one entry per API key with the schema version ranges', () => {
    const requests = rpc.filter((s) => s.type === 'request');
    assert.equal(requests.length, 88);
    assert.equal(API_DEFINITIONS.length, requests.length);
    for (const req of requests) {
      const def = API_BY_KEY.get(req.apiKey!);
      assert.ok(def, `API ${req.apiKey} ${req.name}`);
      const valid = parseRange(req.validVersions)!;
      const flex = parseRange(req.flexibleVersions);
      assert.equal(def.name, req.name.replace(/Request$/, ''));
      assert.equal(def.minVersion, valid.min, req.name);
      assert.equal(def.maxVersion, valid.max, req.name);
      assert.equal(def.flexibleFrom, flex ? flex.min : -1, req.name);
      assert.deepEqual(def.listeners, req.listeners ?? []);
      assert.equal(def.latestVersionUnstable, req.latestVersionUnstable === true);
      const res = rpc.find((s) => s.type === 'response' && s.apiKey === req.apiKey)!;
      // The connection layer picks header versions from the request's flexible range: both must agree.
      assert.equal(res.validVersions, req.validVersions, `${res.name} versions`);
      assert.equal(res.flexibleVersions, req.flexibleVersions, `${res.name} flexible versions`);
    }
  });
});

describe('request and response codecs round-trip every version', () => {
  for (const schema of rpc.sort((a, b) => a.apiKey! - b.apiKey! || a.type.localeCompare(b.type))) {
    it(`${schema.apiKey} ${schema.name} v${schema.validVersions}`, () => {
      const def = API_BY_KEY.get(schema.apiKey!)!;
      const codec: Codec =
        schema.type === 'request'
          ? { read: def.readRequest as ReadFn, write: def.writeRequest as WriteFn }
          : { read: def.readResponse as ReadFn, write: def.writeResponse as WriteFn };
      const model = new MessageModel(schema);
      const cases = exerciseSchema(model, codec, schema.name);
      assert.ok(cases > 0);
    });
  }
});

describe('header codecs', () => {
  for (const schema of headers) {
    it(`${schema.name} v${schema.validVersions}`, async () => {
      exerciseSchema(new MessageModel(schema), await loadCodec('', schema.name), schema.name, 40);
    });
  }
});

describe('data/ schemas (consumer protocol, KRaft control records, principal)', () => {
  for (const schema of data) {
    it(`${schema.name} v${schema.validVersions}`, async () => {
      exerciseSchema(new MessageModel(schema), await loadCodec('data', schema.name), schema.name);
    });
  }
});

describe('internal/ schemas (__consumer_offsets, __transaction_state)', () => {
  for (const schema of internal) {
    it(`${schema.name} v${schema.validVersions}`, async () => {
      exerciseSchema(new MessageModel(schema), await loadCodec('internal', schema.name), schema.name);
    });
  }
});

describe('generated default<Struct>() functions match the schema defaults', () => {
  const groups: [string, typeof rpc, '' | 'data' | 'internal' | null][] = [['requests and responses', rpc, null], ['headers', headers, ''], ['data', data, 'data'], ['internal', internal, 'internal']];
  for (const [label, schemas, folder] of groups) {
    it(label, async () => {
      for (const schema of schemas) {
        const mod: Record<string, unknown> = folder === null ? (generated as Record<string, unknown>) : await loadModule(folder, schema.name);
        const model = new MessageModel(schema);
        for (const struct of model.structs.keys()) {
          // Generated names: the message itself, or the message name + the struct name.
          const tsName = struct === schema.name ? struct : schema.name + struct;
          const fn = mod[`default${tsName}`];
          assert.equal(typeof fn, 'function', `default${tsName} exists`);
          assert.deepStrictEqual((fn as () => unknown)(), defaultStruct(model, struct), `default${tsName}`);
        }
      }
    });
  }
});
