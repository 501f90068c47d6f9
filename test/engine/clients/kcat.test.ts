// kcat 1.7.1 (librdkafka 2.0.2) against the real broker: metadata, produce with
// every codec, consume from beginning / end / offset / timestamp, keys and
// headers, and the balanced consumer group. Assertions are what Apache Kafka does.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, jsonLines, kcat, kcatMissing, waitFor } from '../../helpers/clients.js';
import { storedBatches, storedBytes } from '../../helpers/segments.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import {
  CLIENT_TIMEOUT_MS,
  kcatConsume,
  kcatConsumeRaw,
  kcatConsumerProcess,
  kcatProduce,
  type KcatMessage,
} from './kcat-helpers.js';

const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

interface KcatMetadata {
  brokers: { id: number; name: string }[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; error?: string }[] }[];
}

function numbered(n: number, make: (i: number) => string): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, i) => ({ key: `key-${i}`, value: make(i) }));
}

describe('kcat (librdkafka 2.0.2)', { skip: kcatMissing() ?? false }, () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  test('-L lists the broker, topics and partitions', async () => {
    const single = uniqueTopic('kcat-meta-auto');
    const multi = uniqueTopic('kcat-meta-three');
    await kcatProduce(broker.bootstrap, single, [{ key: null, value: 'x' }]);
    await createTopic(broker.bootstrap, multi, { partitions: 3 });

    const r = assertOk('kcat -L', await kcat(['-L', '-J', '-b', broker.bootstrap, '-m', '15'], { timeoutMs: CLIENT_TIMEOUT_MS }));
    const md = JSON.parse(r.stdout) as KcatMetadata;
    assert.equal(md.brokers.length, 1, r.stdout);
    const [only] = md.brokers;
    assert.equal(only?.name, broker.bootstrap, 'the broker advertises the address clients reached it on');

    const byName = new Map(md.topics.map((t) => [t.topic, t]));
    const s = byName.get(single);
    const m = byName.get(multi);
    assert.ok(s && m, `both topics listed: ${r.stdout}`);
    assert.equal(s.error, undefined);
    assert.deepEqual(s.partitions.map((p) => p.partition), [0]);
    assert.deepEqual(m.partitions.map((p) => p.partition).sort(), [0, 1, 2]);
    for (const p of [...s.partitions, ...m.partitions]) {
      assert.equal(p.leader, only?.id);
      assert.equal(p.error, undefined);
    }

    // -t restricts the listing to one topic.
    const one = JSON.parse(
      assertOk('kcat -L -t', await kcat(['-L', '-J', '-b', broker.bootstrap, '-t', multi, '-m', '15'], { timeoutMs: CLIENT_TIMEOUT_MS })).stdout,
    ) as KcatMetadata;
    assert.deepEqual(one.topics.map((t) => t.topic), [multi]);
    assert.equal(one.topics[0]?.partitions.length, 3);
  });

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    test(`produce -z ${codec}, consume back exactly from the beginning`, async () => {
      const topic = uniqueTopic(`kcat-codec-${codec}`);
      // Compressible values (so the codec is really applied) with tabs, newlines and non-ASCII.
      const messages = numbered(50, (i) => `value ${i}\twith a newline\nand ünïcødé ✓ ${'abcdefgh'.repeat(200)}`);
      await kcatProduce(broker.bootstrap, topic, messages, { partition: 0, codec });

      const got = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
      assert.equal(got.length, messages.length);
      got.forEach((msg, i) => {
        assert.equal(msg.offset, i);
        assert.equal(msg.partition, 0);
        assert.equal(msg.key, messages[i]?.key);
        assert.equal(msg.payload, messages[i]?.value);
        assert.equal(msg.tstype, 'create');
      });

      // Starting inside a (compressed) batch: the broker serves the whole batch and
      // the client drops the records before the requested offset.
      const fromMiddle = await kcatConsume(broker.bootstrap, topic, '25', { partition: 0 });
      assert.deepEqual(fromMiddle.map((m) => m.offset), Array.from({ length: 25 }, (_, i) => i + 25));

      // The broker keeps the producer's batches as they came (compression.type=producer).
      const codecs = storedBatches(broker.dataDir, topic, 0).map((b) => b.codec);
      assert.ok(codecs.length > 0, 'record batches on disk');
      assert.deepEqual([...new Set(codecs)], [CODEC_IDS[codec]], `batch codecs on disk: ${codecs.join(',')}`);
      if (codec !== 'none') {
        const raw = messages.reduce((n, m) => n + Buffer.byteLength(m.value), 0);
        assert.ok(storedBytes(broker.dataDir, topic, 0) < raw / 4, 'stored compressed');
      }
    });
  }

  test('binary payloads round-trip byte for byte', async () => {
    const topic = uniqueTopic('kcat-binary');
    // Every byte value except the record separator used as kcat's delimiter.
    const all = Buffer.from(Array.from({ length: 256 }, (_, b) => b).filter((b) => b !== 0x1e));
    const values = [all, Buffer.from([0]), Buffer.alloc(100_000, 0xab), Buffer.from('plain')];
    await kcatProduce(broker.bootstrap, topic, values.map((value) => ({ key: null, value })), { partition: 0, codec: 'lz4' });
    const raw = await kcatConsumeRaw(broker.bootstrap, topic);
    const expected = Buffer.concat(values.flatMap((v) => [v, Buffer.from([0x1e])]));
    assert.equal(raw.length, expected.length);
    assert.ok(raw.equals(expected), 'consumed bytes equal produced bytes');
  });

  test('consume from an absolute offset, a relative offset and the end', async () => {
    const topic = uniqueTopic('kcat-offsets');
    const messages = numbered(10, (i) => `v${i}`);
    await kcatProduce(broker.bootstrap, topic, messages, { partition: 0 });

    const fromThree = await kcatConsume(broker.bootstrap, topic, '3', { partition: 0 });
    assert.deepEqual(fromThree.map((m) => [m.offset, m.payload]), messages.slice(3).map((m, i) => [i + 3, m.value]));

    const lastTwo = await kcatConsume(broker.bootstrap, topic, '-2', { partition: 0 });
    assert.deepEqual(lastTwo.map((m) => [m.offset, m.payload]), [[8, 'v8'], [9, 'v9']]);

    const pastEnd = await kcatConsume(broker.bootstrap, topic, 'end', { partition: 0 });
    assert.deepEqual(pastEnd, []);

    // A live consumer at the end sees only what is produced after it got there.
    let stderr = '';
    const live = kcatConsumerProcess(
      ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'end', '-c', '2', '-J'],
      (s) => (stderr += s),
    );
    try {
      await waitFor('kcat to reach the end of the partition', () => stderr.includes('Reached end of topic'), 30_000);
      await kcatProduce(broker.bootstrap, topic, [{ key: 'late-0', value: 'new 0' }, { key: 'late-1', value: 'new 1' }], { partition: 0 });
      const r = assertOk('kcat -o end', await live.done);
      const got = jsonLines<KcatMessage>(r.stdout);
      assert.deepEqual(got.map((m) => [m.offset, m.key, m.payload]), [[10, 'late-0', 'new 0'], [11, 'late-1', 'new 1']]);
    } finally {
      live.kill();
    }
  });

  test('consume from a timestamp (-o s@ts) starts at the first record at or after it', async () => {
    const topic = uniqueTopic('kcat-timestamp');
    await kcatProduce(broker.bootstrap, topic, numbered(3, (i) => `early ${i}`), { partition: 0 });
    const early = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    assert.equal(early.length, 3);
    const cut = Math.max(...early.map((m) => m.ts)) + 1;
    // The later batch must get CreateTime timestamps >= cut: wait for the clock to pass it.
    await waitFor('the wall clock to pass the first batch', () => Date.now() > cut, 5_000, 1);
    await kcatProduce(broker.bootstrap, topic, numbered(4, (i) => `late ${i}`), { partition: 0 });

    const fromCut = await kcatConsume(broker.bootstrap, topic, `s@${cut}`, { partition: 0 });
    assert.deepEqual(fromCut.map((m) => [m.offset, m.payload]), [[3, 'late 0'], [4, 'late 1'], [5, 'late 2'], [6, 'late 3']]);
    for (const m of fromCut) assert.ok(m.ts >= cut);

    // A timestamp before everything starts at offset 0.
    const all = await kcatConsume(broker.bootstrap, topic, `s@${early[0]?.ts ?? 0}`, { partition: 0 });
    assert.equal(all.length, 7);
    assert.equal(all[0]?.offset, 0);
  });

  test('keys, null keys and headers round-trip', async () => {
    const topic = uniqueTopic('kcat-headers');
    await kcatProduce(broker.bootstrap, topic, [{ key: 'k1', value: 'with headers' }, { key: 'k2', value: 'also' }], {
      partition: 0,
      headers: [
        ['trace', 'abc-123'],
        ['content-type', 'text/plain; charset=utf-8'],
        ['empty', ''],
        ['trace', 'repeated names are kept'],
      ],
    });
    await kcatProduce(broker.bootstrap, topic, [{ key: null, value: 'no key, no headers' }], { partition: 0 });

    const got = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    // Order and repeats are preserved: Kafka stores headers as a list, not a map.
    const headers = ['trace', 'abc-123', 'content-type', 'text/plain; charset=utf-8', 'empty', '', 'trace', 'repeated names are kept'];
    assert.deepEqual(
      got.map((m) => ({ offset: m.offset, key: m.key, payload: m.payload, headers: m.headers })),
      [
        { offset: 0, key: 'k1', payload: 'with headers', headers },
        { offset: 1, key: 'k2', payload: 'also', headers },
        { offset: 2, key: null, payload: 'no key, no headers', headers: undefined },
      ],
    );
  });

  test('-G balanced consumer group consumes every partition and resumes from committed offsets', async () => {
    const topic = uniqueTopic('kcat-group');
    const group = uniqueTopic('kcat-group-g');
    await createTopic(broker.bootstrap, topic, { partitions: 3 });
    for (const p of [0, 1, 2]) {
      await kcatProduce(broker.bootstrap, topic, numbered(3, (i) => `p${p}-m${i}`), { partition: p });
    }
    const groupRun = async (): Promise<KcatMessage[]> => {
      const args = ['-b', broker.bootstrap, '-G', group, '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=10000', '-e', '-J', '-q', topic];
      return jsonLines<KcatMessage>(assertOk(`kcat ${args.join(' ')}`, await kcat(args, { timeoutMs: CLIENT_TIMEOUT_MS })).stdout);
    };

    const first = await groupRun();
    const seen = first.map((m) => `${m.partition}:${m.offset}:${m.payload}`).sort();
    const expected = [0, 1, 2].flatMap((p) => [0, 1, 2].map((i) => `${p}:${i}:p${p}-m${i}`)).sort();
    assert.deepEqual(seen, expected);

    // The group committed its position when kcat closed: nothing is re-read.
    assert.deepEqual(await groupRun(), []);

    await kcatProduce(broker.bootstrap, topic, [{ key: 'again', value: 'after commit' }], { partition: 1 });
    const third = await groupRun();
    assert.deepEqual(third.map((m) => [m.partition, m.offset, m.payload]), [[1, 3, 'after commit']]);
  });
});
