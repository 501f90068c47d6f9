// kcat (librdkafka 2.0.2) at the edges of Kafka's produce/fetch contract: fetch
// size limits smaller than a batch (KIP-74), many small batches through a tiny
// fetch size, out-of-range offsets and auto.offset.reset, oversize batches
// rejected per topic, and null versus empty values.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertOk, kcat, kcatMissing } from '../../helpers/clients.js';
import { storedBatches } from '../../helpers/segments.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';
import { CLIENT_TIMEOUT_MS, kcatConsume, kcatProduce } from './kcat-helpers.js';

describe('kcat (librdkafka 2.0.2): limits and edge cases', { skip: kcatMissing() ?? false }, () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  test('a batch larger than fetch.max.bytes is still returned whole (KIP-74)', async () => {
    const topic = uniqueTopic('kcat-big-batch');
    // Incompressible, ~600 KB: far above the consumer's 1000-byte fetch limits.
    const big = randomBytes(300_000).toString('hex');
    await kcatProduce(broker.bootstrap, topic, [{ key: 'big', value: big }, { key: 'small', value: 'after' }], { partition: 0 });
    const limits = ['-X', 'message.max.bytes=1000', '-X', 'fetch.max.bytes=1000', '-X', 'fetch.message.max.bytes=1000'];
    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0, extra: limits });
    assert.deepEqual(got.map((m) => [m.offset, m.key, m.payload?.length]), [[0, 'big', big.length], [1, 'small', 5]]);
    assert.equal(got[0]?.payload, big);
  });

  test('thousands of records across many batches arrive complete and in order through a tiny fetch size', async () => {
    const topic = uniqueTopic('kcat-many');
    const n = 5000;
    const messages = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `record ${i} ${'x'.repeat(i % 97)}` }));
    // batch.num.messages=97 forces many batches (and odd batch boundaries) per partition.
    await kcatProduce(broker.bootstrap, topic, messages, { partition: 0, codec: 'lz4', extra: ['-X', 'batch.num.messages=97'] });
    assert.ok(storedBatches(broker.dataDir, topic, 0).length >= Math.ceil(n / 97), 'stored as many batches');
    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', {
      partition: 0,
      extra: ['-X', 'fetch.message.max.bytes=4096', '-X', 'fetch.max.bytes=4096', '-X', 'message.max.bytes=4096'],
    });
    assert.equal(got.length, n);
    got.forEach((m, i) => {
      if (m.offset !== i || m.key !== `k${i}` || m.payload !== messages[i]?.value) {
        assert.fail(`record ${i}: got offset ${m.offset} key ${String(m.key)}`);
      }
    });
  });

  test('an out-of-range offset falls back to auto.offset.reset', async () => {
    const topic = uniqueTopic('kcat-out-of-range');
    await kcatProduce(broker.bootstrap, topic, Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })), { partition: 0 });
    // Offset 100 is past the log end: Kafka answers OFFSET_OUT_OF_RANGE and the client resets.
    const toEarliest = await kcatConsume(broker.bootstrap, topic, '100', { partition: 0, extra: ['-X', 'auto.offset.reset=earliest'] });
    assert.deepEqual(toEarliest.map((m) => m.offset), [0, 1, 2, 3, 4]);
    const toLatest = await kcatConsume(broker.bootstrap, topic, '100', { partition: 0, extra: ['-X', 'auto.offset.reset=latest'] });
    assert.deepEqual(toLatest, []);
  });

  test('a batch over the topic max.message.bytes is rejected with MESSAGE_TOO_LARGE and not stored', async () => {
    const topic = uniqueTopic('kcat-too-large');
    await createTopic(broker.bootstrap, topic, { partitions: 1, configs: { 'max.message.bytes': '2000' } });
    const r = await kcat(
      ['-P', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-X', 'message.timeout.ms=15000', '-X', 'retries=0'],
      { input: `${randomBytes(5000).toString('hex')}\n`, timeoutMs: CLIENT_TIMEOUT_MS },
    );
    assert.match(r.stderr, /Message size too large|MSG_SIZE_TOO_LARGE/, `kcat exit ${String(r.code)}: ${r.stderr}`);
    // A small one still goes through, at offset 0: the rejected batch took no offsets.
    await kcatProduce(broker.bootstrap, topic, [{ key: 'ok', value: 'small' }], { partition: 0 });
    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    assert.deepEqual(got.map((m) => [m.offset, m.key, m.payload]), [[0, 'ok', 'small']]);
  });

  test('null values (tombstones) stay distinct from empty values', async () => {
    const topic = uniqueTopic('kcat-null');
    // -Z turns an empty input value into a NULL value.
    await kcatProduce(broker.bootstrap, topic, [{ key: 'tomb', value: '' }], { partition: 0, extra: ['-Z'] });
    await kcatProduce(broker.bootstrap, topic, [{ key: 'empty', value: '' }], { partition: 0 });
    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    assert.deepEqual(got.map((m) => [m.offset, m.key, m.payload]), [[0, 'tomb', null], [1, 'empty', '']]);
  });

  test('offsets and timestamps resolve across many rolled segments', async () => {
    const topic = uniqueTopic('kcat-segments');
    // Tiny segments: a roll every few batches (Kafka 3.x accepts segment.bytes down to 14).
    await createTopic(broker.bootstrap, topic, { partitions: 1, configs: { 'segment.bytes': '2048' } });
    const batches = 30;
    for (let b = 0; b < batches; b++) {
      const messages = Array.from({ length: 5 }, (_, i) => ({ key: `b${b}`, value: `batch ${b} record ${i} ${'.'.repeat(90)}` }));
      await kcatProduce(broker.bootstrap, topic, messages, { partition: 0 });
    }
    const segments = readdirSync(join(broker.dataDir, `${topic}-0`)).filter((n) => n.endsWith('.log'));
    assert.ok(segments.length >= 5, `rolled into ${segments.length} segments`);

    const all = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    assert.deepEqual(all.map((m) => m.offset), Array.from({ length: batches * 5 }, (_, i) => i));

    const fromMiddle = await kcatConsume(broker.bootstrap, topic, '77', { partition: 0 });
    assert.deepEqual([fromMiddle[0]?.offset, fromMiddle.length], [77, batches * 5 - 77]);

    // ListOffsets by timestamp: the first offset whose timestamp is >= the target.
    for (const b of [0, 7, 16, 29]) {
      const target = all[b * 5]?.ts ?? 0;
      const expected = all.findIndex((m) => m.ts >= target);
      const got = await kcatConsume(broker.bootstrap, topic, `s@${target}`, { partition: 0 });
      assert.equal(got[0]?.offset, expected, `s@${target} (batch ${b})`);
    }

    // Past the newest timestamp there is no such offset: Kafka answers -1.
    const after = Math.max(...all.map((m) => m.ts)) + 60_000;
    const q = assertOk('kcat -Q', await kcat(['-Q', '-J', '-b', broker.bootstrap, '-t', `${topic}:0:${after}`], { timeoutMs: CLIENT_TIMEOUT_MS }));
    const answer = JSON.parse(q.stdout) as Record<string, Record<string, { offset: number }>>;
    assert.equal(answer[topic]?.['0']?.offset, -1, q.stdout);
  });

  test('one consumer drains many partitions through a fetch budget far smaller than the data', async () => {
    const topic = uniqueTopic('kcat-many-partitions');
    const partitions = 20;
    const perPartition = 50;
    await createTopic(broker.bootstrap, topic, { partitions });
    const pad = 'p'.repeat(1000);
    const seeded = Array.from({ length: partitions }, (_, p) =>
      Array.from({ length: perPartition }, (_, i) => ({ partition: p, key: `p${p}`, value: `${p}/${i}/${pad}` })),
    ).flat();
    await produceMessages(broker.bootstrap, topic, seeded);

    // ~1 MB in all, 64 KB per fetch: every partition must get its turn.
    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', {
      extra: ['-X', 'fetch.max.bytes=65536', '-X', 'message.max.bytes=65536', '-X', 'fetch.message.max.bytes=16384'],
    });
    assert.equal(got.length, partitions * perPartition);
    for (let p = 0; p < partitions; p++) {
      const mine = got.filter((m) => m.partition === p);
      assert.deepEqual(mine.map((m) => m.offset), Array.from({ length: perPartition }, (_, i) => i), `partition ${p}`);
      assert.ok(mine.every((m, i) => m.payload === `${p}/${i}/${pad}` && m.key === `p${p}`), `partition ${p} contents`);
    }
  });
});

describe('kcat (librdkafka 2.0.2): auto.create.topics.enable=false', { skip: kcatMissing() ?? false }, () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker({ autoCreateTopics: false });
  });
  after(async () => {
    await broker?.stop();
  });

  test('an unknown topic is reported, not created, by metadata and produce', async () => {
    const topic = uniqueTopic('kcat-no-autocreate');
    const md = assertOk('kcat -L -t', await kcat(['-L', '-J', '-b', broker.bootstrap, '-t', topic, '-m', '15'], { timeoutMs: CLIENT_TIMEOUT_MS }));
    const listed = JSON.parse(md.stdout) as { topics: { topic: string; error?: string }[] };
    assert.match(listed.topics.find((t) => t.topic === topic)?.error ?? '', /Unknown topic or partition/i, md.stdout);

    const r = await kcat(['-P', '-b', broker.bootstrap, '-t', topic, '-X', 'message.timeout.ms=5000', '-X', 'topic.metadata.propagation.max.ms=1000'], {
      input: 'never stored\n',
      timeoutMs: CLIENT_TIMEOUT_MS,
    });
    assert.match(r.stderr, /Unknown topic|UNKNOWN_TOPIC/i, `kcat exit ${String(r.code)}: ${r.stderr}`);

    const again = assertOk('kcat -L', await kcat(['-L', '-J', '-b', broker.bootstrap, '-m', '15'], { timeoutMs: CLIENT_TIMEOUT_MS }));
    const all = JSON.parse(again.stdout) as { topics: { topic: string }[] };
    assert.equal(all.topics.some((t) => t.topic === topic), false, 'still not created');
  });
});
