/**
 * The real broker on loopback against hostile and unusual byte streams. Invariant after every
 * abuse: the offending connection is closed (when Kafka would close it) and a fresh well-behaved
 * client is still served; the broker never logs a handler or encoder failure.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { Reader } from '../../../src-protocol/codec/reader.js';
import { API_BY_KEY, readApiVersionsResponse, readMetadataResponse, type ApiVersionsResponse } from '../../../src-protocol/generated/index.js';
import { Rng } from '../../unit/protocol/schema-model.js';
import { RawConnection, apiVersionsV0, assertServedKafkajs, assertServedRaw, requestFrame, sizePrefixed } from './raw-client.js';
import { runFuzz } from './fuzz-loop.js';

const MAX_REQUEST_BYTES = 104857600;
const CLOSE_MS = 3000;
let broker: BrokerHandle;
let dataDir: string;
/** error-level broker logs: a handler threw or a response failed to encode — always a bug. */
const errors: string[] = [];
const warnings: string[] = [];

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-malformed-'));
  const keep = (into: string[]) => (m: string) => void into.push(m);
  broker = await startBroker({ dataDir, port: 0, host: '127.0.0.1', logger: { debug: () => undefined, info: () => undefined, warn: keep(warnings), error: keep(errors) } });
});

after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  assert.deepStrictEqual(errors, [], 'broker logged handler/encoder failures');
});

const metadataV1All = (corr: number): Buffer =>
  requestFrame(3, 1, corr, { topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });

/** Sends the chunks on a fresh connection and expects the broker to close it; then checks a fresh client is served. */
async function expectClosed(what: string, chunks: Buffer[]): Promise<void> {
  const c = await RawConnection.open(broker.host, broker.port);
  for (const b of chunks) await c.write(b);
  const closed = await c.waitClosed(CLOSE_MS);
  const answered = c.pendingFrames();
  c.destroy();
  assert.ok(closed, `${what}: connection still open after ${CLOSE_MS} ms (${answered} response frames)`);
  await assertServedRaw(broker.host, broker.port);
}

/** Sends the chunks and expects the broker to keep waiting (an incomplete frame is not an error, as in Kafka). */
async function expectWaiting(what: string, chunks: Buffer[]): Promise<void> {
  const c = await RawConnection.open(broker.host, broker.port);
  for (const b of chunks) await c.write(b);
  const closed = await c.waitClosed(300);
  c.destroy();
  assert.ok(!closed, `${what}: broker closed a connection with an incomplete frame`);
  await assertServedRaw(broker.host, broker.port);
}

async function advertisedApis(): Promise<ApiVersionsResponse['apiKeys']> {
  const c = await RawConnection.open(broker.host, broker.port);
  await c.write(apiVersionsV0(60));
  const f = await c.nextFrame();
  c.destroy();
  assert.ok(f, 'ApiVersions answer');
  return apiVersionsBody(f, 0).apiKeys;
}

function apiVersionsBody(f: Buffer, v: number): ApiVersionsResponse {
  const r = new Reader(f, 4);
  const res = readApiVersionsResponse(r, v);
  assert.equal(r.offset, f.length, `ApiVersions v${v} response consumed exactly (header v0)`);
  return res;
}

describe('broker frame handling under abuse', () => {
  it('random garbage frames (honest size, random payload) close the connection', async () => {
    const rng = new Rng(0xbad);
    for (let i = 0; i < 25; i++) await expectClosed(`garbage #${i}`, [sizePrefixed(rng.bytes(rng.int(0, 300)))]);
  });

  it('random byte streams: bad size prefixes close, plausible ones make the broker wait', async () => {
    const rng = new Rng(0xfeed);
    for (let i = 0; i < 20; i++) {
      const bytes = rng.bytes(rng.int(4, 64));
      const size = bytes.readInt32BE(0);
      if (size < 0 || size > MAX_REQUEST_BYTES || size <= bytes.length - 4) await expectClosed(`stream #${i} (size ${size})`, [bytes]);
      else await expectWaiting(`stream #${i} (size ${size})`, [bytes]);
    }
  });

  it('truncated frames: a size prefix larger than what follows, then the client goes away', async () => {
    const full = metadataV1All(1);
    for (const keep of [4, 5, 8, 12, full.length - 1]) {
      const c = await RawConnection.open(broker.host, broker.port);
      await c.write(full.subarray(0, keep));
      c.socket.end();
      assert.ok(await c.waitClosed(CLOSE_MS), `half-closed after ${keep} bytes: the broker closes its side too`);
      c.destroy();
      await expectWaiting(`incomplete frame of ${keep} bytes`, [full.subarray(0, keep)]);
    }
    await assertServedRaw(broker.host, broker.port);
  });

  it('frames cut mid-header or mid-body (honest size) close the connection', async () => {
    // Header v1 (Metadata v1, client id "raw-test") and header v2 + flexible body (ApiVersions v3).
    const v1 = metadataV1All(2).subarray(4);
    const v3 = requestFrame(18, 3, 3, { clientSoftwareName: 'kafkadesk-test', clientSoftwareVersion: '1.2.3' }).subarray(4);
    for (const [name, payload] of [['Metadata v1', v1], ['ApiVersions v3', v3]] as const) {
      for (let cut = 0; cut < payload.length; cut++) await expectClosed(`${name} cut at ${cut}/${payload.length}`, [sizePrefixed(payload.subarray(0, cut))]);
    }
  });

  it('oversized and negative size prefixes close the connection; exactly the limit is accepted', async () => {
    for (const size of [MAX_REQUEST_BYTES + 1, 0x7fffffff, -1, -2147483648, 0]) {
      const b = Buffer.alloc(4);
      b.writeInt32BE(size);
      await expectClosed(`size prefix ${size}`, [b]);
    }
    const limit = Buffer.alloc(4);
    limit.writeInt32BE(MAX_REQUEST_BYTES);
    await expectWaiting('size prefix = socket.request.max.bytes', [limit]);
  });

  it('unknown API keys and APIs this broker does not serve close the connection', async () => {
    for (const key of [-1, 88, 1000, 32767, 4, 7, 57, 58]) {
      const p = Buffer.from(metadataV1All(4).subarray(4));
      p.writeInt16BE(key, 0);
      p.writeInt16BE(0, 2);
      await expectClosed(`API key ${key}`, [sizePrefixed(p)]);
    }
  });

  it('unsupported versions of a known API close the connection', async () => {
    // Versions around what the broker advertises right now (its ranges grow as APIs are implemented).
    const advertised = await advertisedApis();
    const cases: [number, number][] = [];
    for (const key of [0, 1, 3, 19]) {
      const a = advertised.find((k) => k.apiKey === key)!;
      cases.push([key, a.maxVersion + 1], [key, -1], [key, 32767]);
      if (a.minVersion > 0) cases.push([key, a.minVersion - 1]);
    }
    for (const [key, version] of cases) {
      const p = Buffer.from(metadataV1All(5).subarray(4));
      p.writeInt16BE(key, 0);
      p.writeInt16BE(version, 2);
      await expectClosed(`API ${key} v${version}`, [sizePrefixed(p)]);
    }
  });

  it('ApiVersions at an unknown version gets the v0 fallback (UNSUPPORTED_VERSION + api keys), and the client can retry', async () => {
    // One past the newest version Kafka 3.9 defines, and far beyond.
    for (const version of [API_BY_KEY.get(18)!.maxVersion + 1, 127, 32767]) {
      const c = await RawConnection.open(broker.host, broker.port);
      // The body of an unknown version is unknowable: garbage must not matter.
      const p = Buffer.concat([Buffer.from(apiVersionsV0(77).subarray(4)), Buffer.from('ffffffff0102', 'hex')]);
      p.writeInt16BE(version, 2);
      await c.write(sizePrefixed(p));
      const f = await c.nextFrame();
      assert.ok(f, `answer to ApiVersions v${version}`);
      assert.equal(f.readInt32BE(0), 77);
      const res = apiVersionsBody(f, 0);
      assert.equal(res.errorCode, 35);
      // Kafka itself lists only ApiVersions here (ApiVersionsRequest.getErrorResponse); a full list is fine too.
      const own = res.apiKeys.find((k) => k.apiKey === 18);
      assert.ok(own && own.minVersion === 0 && own.maxVersion >= 3, 'advertises ApiVersions itself');
      // The retry at the advertised maximum, on the same connection, uses response header v0 too.
      await c.write(requestFrame(18, own.maxVersion, 78, { clientSoftwareName: 'retry', clientSoftwareVersion: '1' }));
      const f2 = await c.nextFrame();
      assert.ok(f2);
      assert.equal(f2.readInt32BE(0), 78);
      const res2 = apiVersionsBody(f2, own.maxVersion);
      assert.equal(res2.errorCode, 0);
      assert.deepStrictEqual(res2.apiKeys.find((k) => k.apiKey === 18), own, 'the retry confirms the range the fallback gave');
      assert.ok(res2.apiKeys.length > 1, 'the real answer lists every API');
      c.destroy();
    }
  });

  it('every advertised API version has a generated codec (and no unstable latest version is advertised)', async () => {
    for (const k of await advertisedApis()) {
      const def = API_BY_KEY.get(k.apiKey);
      assert.ok(def, `advertised API ${k.apiKey} has codecs`);
      assert.ok(k.minVersion >= def.minVersion && k.maxVersion <= def.maxVersion && k.minVersion <= k.maxVersion, `${def.name} ${k.minVersion}-${k.maxVersion} within ${def.minVersion}-${def.maxVersion}`);
      if (def.latestVersionUnstable) assert.ok(k.maxVersion < def.maxVersion, `${def.name}: unstable v${def.maxVersion} not advertised`);
      assert.ok(def.listeners.includes('broker'), `${def.name} is a client-facing API`);
    }
  });

  it('flexible responses other than ApiVersions use response header v1', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    await c.write(requestFrame(3, 9, 90, { topics: [], allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    const f = await c.nextFrame();
    c.destroy();
    assert.ok(f);
    const r = new Reader(f);
    assert.equal(r.int32(), 90);
    assert.equal(r.uvarint(), 0, 'empty header tagged section');
    const res = readMetadataResponse(r, 9);
    assert.equal(r.offset, f.length);
    assert.equal(res.brokers[0]?.port, broker.port);
  });

  it("pipelined requests are answered in order (kafka-python's ApiVersions v0 + Metadata v0 probe)", async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    const metadataV0 = requestFrame(3, 0, 2, { topics: [], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false });
    await c.write(Buffer.concat([apiVersionsV0(1), metadataV0]));
    const a = await c.nextFrame();
    const b = await c.nextFrame();
    assert.equal(a?.readInt32BE(0), 1);
    assert.equal(b?.readInt32BE(0), 2);
    assert.equal(readApiVersionsResponse(new Reader(a!, 4), 0).errorCode, 0);
    assert.ok(Array.isArray(readMetadataResponse(new Reader(b!, 4), 0).topics));
    c.destroy();
  });

  it('60 pipelined mixed requests, in one write and split into 7-byte pieces, come back in order', async () => {
    const frames: Buffer[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0) frames.push(apiVersionsV0(i));
      else if (i % 3 === 1) frames.push(requestFrame(18, 3, i, { clientSoftwareName: 'pipe', clientSoftwareVersion: String(i) }));
      else frames.push(requestFrame(3, i % 13, i, { topics: i % 13 === 0 ? [] : null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }));
    }
    const all = Buffer.concat(frames);
    for (const pieceSize of [all.length, 7]) {
      const c = await RawConnection.open(broker.host, broker.port);
      for (let at = 0; at < all.length; at += pieceSize) await c.write(all.subarray(at, at + pieceSize));
      for (let i = 0; i < 60; i++) assert.equal((await c.nextFrame())?.readInt32BE(0), i, `response ${i} (pieces of ${pieceSize})`);
      c.destroy();
    }
  });

  it('50000 pipelined requests from a client that stops reading: backpressure, then every answer in order', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    c.socket.pause();
    const n = 50000;
    const frames: Buffer[] = [];
    for (let i = 0; i < n; i++) frames.push(apiVersionsV0(i));
    void c.write(Buffer.concat(frames));
    // Several MB of responses pile up against a reader that does not read.
    await new Promise((r) => setTimeout(r, 500));
    await assertServedRaw(broker.host, broker.port);
    c.socket.resume();
    for (let i = 0; i < n; i++) {
      const f = await c.nextFrame(10_000);
      if (f?.readInt32BE(0) !== i) assert.fail(`response ${i}: got ${f ? f.readInt32BE(0) : 'nothing'}`);
    }
    c.destroy();
  });

  it('a valid request followed by garbage on one connection: answered, then closed', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    await c.write(Buffer.concat([apiVersionsV0(11), sizePrefixed(Buffer.from('0bad0bad0bad0bad', 'hex'))]));
    const f = await c.nextFrame();
    assert.equal(f?.readInt32BE(0), 11, 'the valid request is answered before the connection is dropped');
    assert.ok(await c.waitClosed(CLOSE_MS));
    c.destroy();
    await assertServedRaw(broker.host, broker.port);
  });

  it('a client that disconnects with 200 requests in flight does not disturb the broker', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    const burst: Buffer[] = [];
    for (let i = 0; i < 200; i++) burst.push(i % 2 ? apiVersionsV0(i) : metadataV1All(i));
    void c.write(Buffer.concat(burst));
    c.destroy();
    await assertServedRaw(broker.host, broker.port);
    assert.ok((await assertServedKafkajs(broker.host, broker.port)).length >= 0);
  });

  it('fuzz: 500 mutations of valid request frames (fixed seed, bounded time) never crash the broker', async (t) => {
    // FUZZ_SEED / FUZZ_MUTATIONS explore further; the default run is fixed and takes a few seconds.
    const seed = Number(process.env.FUZZ_SEED ?? 20261122);
    const mutations = Number(process.env.FUZZ_MUTATIONS ?? 500);
    const summary = await runFuzz(broker, { seed, mutations, deadlineMs: Math.max(60_000, mutations * 100) });
    t.diagnostic(`seed ${seed}: ${JSON.stringify(summary.outcomes)}`);
    if (process.env.FUZZ_VERBOSE) for (const s of summary.silentComplete) t.diagnostic(`silent: ${s}`);
    assert.deepStrictEqual(summary.unansweredSeeds, [], 'every unmutated realistic seed is a valid, answered request');
    assert.deepStrictEqual(summary.badCorrelation, [], 'responses carry the correlation id of their request');
    assert.deepStrictEqual(errors, [], 'no handler or encoder failures');
    await assertServedRaw(broker.host, broker.port);
    await assertServedKafkajs(broker.host, broker.port);
  });
});
