// confluent-kafka-python 1.7.0 (librdkafka) and kafka-python 2.0.2 against the
// real broker. The Python scripts only report what their client saw as JSON;
// every assertion is here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, confluentKafkaMissing, kafkaPythonCodecMissing, kafkaPythonMissing, lastJsonLine, python } from '../../helpers/clients.js';
import { storedBatches } from '../../helpers/segments.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';

const SCRIPT_TIMEOUT_MS = 90_000;

interface Consumed {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
  timestamp: number;
}

interface ConfluentReport {
  delivered: { error: string | null; partition: number; offset: number; key: string | null }[];
  unflushed: number;
  consumed: Consumed[];
  errors: { code: string; fatal: boolean; str: string }[];
}

interface KafkaPythonReport {
  probe_version: number[];
  check_version: number[];
  producer_version: number[];
  consumer_version: number[];
  sent: { partition: number; offset: number }[];
  consumed: Consumed[];
}

/** Compares version tuples like (2, 1) >= (2, 1). */
function atLeast(version: number[], min: number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const v = version[i] ?? 0;
    const m = min[i] ?? 0;
    if (v !== m) return v > m;
  }
  return true;
}

describe('python clients', () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  const confluentSkip = confluentKafkaMissing() ?? false;

  for (const variant of [
    { name: 'plain producer', flags: [] as string[], idempotent: false },
    { name: 'idempotent producer (enable.idempotence=True)', flags: ['--idempotent'], idempotent: true },
    { name: 'idempotent producer with zstd', flags: ['--idempotent', '--compression', 'zstd'], idempotent: true },
  ]) {
    test(`confluent-kafka-python: ${variant.name} round trip`, { skip: confluentSkip }, async () => {
      const topic = uniqueTopic('py-confluent');
      const n = 25;
      const r = assertOk(
        'confluent_roundtrip.py',
        await python('confluent_roundtrip.py', [broker.bootstrap, topic, String(n), ...variant.flags], {
          timeoutMs: SCRIPT_TIMEOUT_MS,
        }),
      );
      const report = lastJsonLine<ConfluentReport>('confluent_roundtrip.py', r.stdout);
      const context = `client errors: ${JSON.stringify(report.errors)}\nstderr: ${r.stderr.slice(-2000)}`;
      assert.equal(report.unflushed, 0, `every message delivered; ${context}`);
      assert.deepEqual(report.errors.filter((e) => e.fatal), [], context);
      assert.deepEqual(
        report.delivered.map((d) => [d.error, d.partition, d.offset, d.key]),
        Array.from({ length: n }, (_, i) => [null, 0, i, `key-${i}`]),
        context,
      );
      assert.deepEqual(
        report.consumed.map((c) => [c.partition, c.offset, c.key, c.value, c.headers]),
        Array.from({ length: n }, (_, i) => [0, i, `key-${i}`, `confluent value ${i} ✓`, [['seq', String(i)], ['origin', 'confluent']]]),
        context,
      );

      // What the broker stored: an idempotent producer's batches carry the id
      // InitProducerId gave it and gap-free sequences from 0; a plain one has none.
      const batches = storedBatches(broker.dataDir, topic, 0);
      assert.equal(batches.reduce((sum, b) => sum + b.recordCount, 0), n);
      let nextSequence = 0;
      for (const b of batches) {
        if (variant.idempotent) {
          assert.ok(b.producerId >= 0 && b.producerEpoch >= 0, `producer id/epoch ${b.producerId}/${b.producerEpoch}`);
          assert.equal(b.producerId, batches[0]?.producerId, 'one producer id');
          assert.equal(b.baseSequence, nextSequence, 'sequences continue batch to batch');
          nextSequence += b.recordCount;
        } else {
          assert.deepEqual([b.producerId, b.producerEpoch, b.baseSequence], [-1, -1, -1]);
        }
      }
    });
  }

  test('confluent-kafka-python: transactions: aborted records are invisible to read_committed', { skip: confluentSkip }, async () => {
    const topic = uniqueTopic('py-confluent-txn');
    const r = await python('confluent_transactions.py', [broker.bootstrap, topic], { timeoutMs: SCRIPT_TIMEOUT_MS });
    assertOk(`confluent_transactions.py (${r.stdout.trim()})`, r);
    const report = lastJsonLine<TxnReport>('confluent_transactions.py', r.stdout);
    // Offsets 0-4 aborted records, 5 the abort marker, 6-8 committed records, 9 the commit marker.
    const committed = [6, 7, 8].map((offset, i) => ({ offset, key: `c${i}`, value: `committed ${i}` }));
    const aborted = [0, 1, 2, 3, 4].map((offset) => ({ offset, key: `a${offset}`, value: `aborted ${offset}` }));
    assert.deepEqual(report.read_committed.records, committed);
    assert.deepEqual(report.read_uncommitted.records, [...aborted, ...committed]);
    for (const view of [report.read_committed, report.read_uncommitted]) {
      assert.deepEqual([view.low, view.high], [0, 10], 'control records take offsets');
    }
  });

  const CODEC_IDS = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
  // kafka-python fetches with Fetch v4. Kafka serves it producer-compressed zstd
  // batches as stored; only a topic whose compression.type is zstd answers Fetch < 10
  // with UNSUPPORTED_COMPRESSION_TYPE (KafkaApis.maybeConvertFetchedData).
  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
    test(`kafka-python 2.0.2 (${codec}): version probe infers a modern broker, produce + consume round trip`, { skip: kafkaPythonCodecMissing(codec) ?? false }, async () => {
      const topic = uniqueTopic(`py-kafka-python-${codec}`);
      const n = 20;
      const args = [broker.bootstrap, topic, String(n), ...(codec === 'none' ? [] : [codec])];
      const r = assertOk('kafka_python_roundtrip.py', await python('kafka_python_roundtrip.py', args, { timeoutMs: SCRIPT_TIMEOUT_MS }));
      const report = lastJsonLine<KafkaPythonReport>('kafka_python_roundtrip.py', r.stdout);
      // ApiVersions v0 + Metadata v0 pipelined: anything below 2.1 means kafka-python
      // falls back to old request versions (or magic 0/1 message sets below 0.11).
      for (const key of ['probe_version', 'check_version', 'producer_version', 'consumer_version'] as const) {
        assert.ok(atLeast(report[key], [2, 1]), `${key} = ${JSON.stringify(report[key])}, expected >= (2, 1)`);
      }
      assert.deepEqual(
        report.sent.map((s) => [s.partition, s.offset]),
        Array.from({ length: n }, (_, i) => [0, i]),
      );
      assert.deepEqual(
        report.consumed.map((c) => [c.partition, c.offset, c.key, c.value, c.headers]),
        Array.from({ length: n }, (_, i) => [0, i, `key-${i}`, `kafka-python value ${i} ✓`, [['seq', String(i)]]]),
        `stderr: ${r.stderr.slice(-2000)}`,
      );
      assert.deepEqual([...new Set(storedBatches(broker.dataDir, topic, 0).map((b) => b.codec))], [CODEC_IDS[codec]]);
    });
  }

  test('kafka-python 2.0.2: consumer group consumes every partition, commits, and resumes', { skip: kafkaPythonMissing() ?? false }, async () => {
    const topic = uniqueTopic('py-kafka-python-group');
    const group = uniqueTopic('py-kafka-python-g');
    await createTopic(broker.bootstrap, topic, { partitions: 2 });
    const seeded = [0, 1].flatMap((p) => [0, 1, 2].map((i) => ({ partition: p, key: `p${p}-k${i}`, value: `p${p}-v${i}` })));
    await produceMessages(broker.bootstrap, topic, seeded);

    const member = async (n: number): Promise<GroupReport> => {
      const r = assertOk('kafka_python_group.py', await python('kafka_python_group.py', [broker.bootstrap, topic, group, String(n)], { timeoutMs: SCRIPT_TIMEOUT_MS }));
      return lastJsonLine<GroupReport>('kafka_python_group.py', r.stdout);
    };

    const first = await member(seeded.length);
    assert.deepEqual(first.assignment, [0, 1]);
    assert.deepEqual(first.committed_before, { '0': null, '1': null });
    assert.deepEqual(
      first.messages.map((m) => `${m.partition}:${m.offset}:${m.key}:${m.value}`).sort(),
      [0, 1].flatMap((p) => [0, 1, 2].map((i) => `${p}:${i}:p${p}-k${i}:p${p}-v${i}`)).sort(),
    );
    assert.deepEqual(first.committed, { '0': 3, '1': 3 });

    // A new member of the same group starts from the committed offsets and sees nothing old.
    await produceMessages(broker.bootstrap, topic, [{ partition: 1, key: 'late', value: 'after commit' }]);
    const second = await member(1);
    assert.deepEqual(second.committed_before, { '0': 3, '1': 3 });
    assert.deepEqual(second.messages.map((m) => [m.partition, m.offset, m.key, m.value]), [[1, 3, 'late', 'after commit']]);
    assert.deepEqual(second.committed, { '0': 3, '1': 4 });
  });
});

interface GroupReport {
  api_version: number[];
  assignment: number[];
  committed_before: Record<string, number | null>;
  committed: Record<string, number | null>;
  messages: { partition: number; offset: number; key: string | null; value: string | null }[];
}

interface TxnView {
  records: { offset?: number; key?: string; value?: string; error?: string }[];
  low: number;
  high: number;
}

interface TxnReport {
  read_committed: TxnView;
  read_uncommitted: TxnView;
}
