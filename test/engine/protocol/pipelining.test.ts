/**
 * Response order on one connection when handlers are asynchronous or silent, and two places
 * where Kafka's connection-level behaviour is specific (acks=0 errors, ApiVersions validation).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import { Reader } from '../../../src-protocol/codec/reader.js';
import {
  defaultFetchRequest, readApiVersionsResponse, readFetchResponse, readProduceResponse,
  type FetchRequest, type ProduceRequest,
} from '../../../src-protocol/generated/index.js';
import { kafkajsEncodeBatch } from '../../unit/compression/kafkajs-internals.js';
import { createTopic } from '../../helpers/topics.js';
import { RawConnection, apiVersionsV0, assertServedRaw, requestFrame } from './raw-client.js';

const TOPIC = 'pipelined';
let broker: BrokerHandle;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-pipelining-'));
  const quiet = (): void => undefined;
  broker = await startBroker({ dataDir, port: 0, host: '127.0.0.1', logger: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
  await createTopic(`${broker.host}:${broker.port}`, TOPIC, { partitions: 1 });
});

after(async () => {
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function fetchFrame(correlationId: number, maxWaitMs: number, fetchOffset: number): Buffer {
  const req: FetchRequest = {
    ...defaultFetchRequest(),
    replicaId: -1, maxWaitMs, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0,
    topics: [{ topic: TOPIC, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }],
  };
  return requestFrame(1, 11, correlationId, req);
}

/** The partition's high watermark, from a non-blocking fetch (Fetch v11 uses response header v0). */
async function highWatermark(c: RawConnection): Promise<number> {
  await c.write(fetchFrame(9, 0, 0));
  const f = await c.nextFrame();
  assert.ok(f);
  return readFetchResponse(new Reader(f, 4), 11).responses[0]!.partitions[0]!.highWatermark;
}

async function produceFrame(correlationId: number, acks: number, topic = TOPIC): Promise<Buffer> {
  const batch = await kafkajsEncodeBatch([{ key: null, value: Buffer.from(`v${correlationId}`) }], 0, Date.now());
  const req: ProduceRequest = { transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }] };
  return requestFrame(0, 7, correlationId, req);
}

describe('pipelined requests with asynchronous and silent handlers', () => {
  it('a long-polling Fetch holds back the answers to the requests behind it (request order, not completion order)', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    const hw = await highWatermark(c);
    const started = Date.now();
    await c.write(Buffer.concat([fetchFrame(1, 400, hw), apiVersionsV0(2), fetchFrame(3, 0, 0), apiVersionsV0(4)]));
    const order: number[] = [];
    for (let i = 0; i < 4; i++) order.push((await c.nextFrame())?.readInt32BE(0) ?? -1);
    assert.deepStrictEqual(order, [1, 2, 3, 4]);
    assert.ok(Date.now() - started >= 350, 'the first fetch waited for max_wait_ms');
    c.destroy();
  });

  it('a Fetch woken by a Produce on another connection answers, then the rest follow in order', async () => {
    const consumer = await RawConnection.open(broker.host, broker.port);
    const producer = await RawConnection.open(broker.host, broker.port);
    // Learn the log end offset first, then long-poll at it.
    const hw = await highWatermark(consumer);
    await consumer.write(Buffer.concat([fetchFrame(11, 10_000, hw), apiVersionsV0(12)]));
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await producer.write(await produceFrame(20, 1));
    const produced = await producer.nextFrame();
    assert.ok(produced);
    assert.equal(readProduceResponse(new Reader(produced, 4), 7).responses[0]!.partitionResponses[0]!.errorCode, 0);
    const woken = await consumer.nextFrame();
    assert.equal(woken?.readInt32BE(0), 11);
    assert.ok(Date.now() - started < 5000, 'woken by the append, not by max_wait_ms');
    const data = readFetchResponse(new Reader(woken!, 4), 11).responses[0]!.partitions[0]!;
    assert.equal(data.highWatermark, hw + 1);
    assert.ok(data.records && (Buffer.isBuffer(data.records) ? data.records.length : 0) > 0);
    assert.equal((await consumer.nextFrame())?.readInt32BE(0), 12);
    consumer.destroy();
    producer.destroy();
  });

  it('acks=0 produce sends nothing back, and the next response on the connection is the next request', async () => {
    const c = await RawConnection.open(broker.host, broker.port);
    await c.write(Buffer.concat([await produceFrame(30, 0), apiVersionsV0(31), await produceFrame(32, 0), await produceFrame(33, 1)]));
    assert.equal((await c.nextFrame())?.readInt32BE(0), 31);
    assert.equal((await c.nextFrame())?.readInt32BE(0), 33);
    assert.equal(await c.nextFrame(300), null);
    c.destroy();
  });

  it(
    'acks=0 produce that fails closes the connection, so the producer notices (KafkaApis.handleProduceRequest)',
    async () => {
      const c = await RawConnection.open(broker.host, broker.port);
      const batch = await kafkajsEncodeBatch([{ key: null, value: Buffer.from('x') }], 0, Date.now());
      const req: ProduceRequest = { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: TOPIC, partitionData: [{ index: 7, records: batch }] }] };
      await c.write(requestFrame(0, 7, 40, req));
      const closed = await c.waitClosed(2000);
      c.destroy();
      await assertServedRaw(broker.host, broker.port);
      assert.ok(closed, 'produce to a partition that does not exist with acks=0 closes the connection');
    },
  );

  it(
    'ApiVersions v3 with an invalid client software name is answered with INVALID_REQUEST (ApiVersionsRequest.isValid)',
    async () => {
      const c = await RawConnection.open(broker.host, broker.port);
      await c.write(requestFrame(18, 3, 50, { clientSoftwareName: 'bad name!', clientSoftwareVersion: '1.0' }));
      const f = await c.nextFrame();
      c.destroy();
      assert.ok(f);
      assert.equal(readApiVersionsResponse(new Reader(f, 4), 3).errorCode, 42);
    },
  );
});
