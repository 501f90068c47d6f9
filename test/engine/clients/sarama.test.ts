// sarama 1.22.1 (Debian's Go package) against the real broker with
// config.Version = V2_0_0_0: Produce v3 / Fetch v4 / Metadata v5, magic-2 batches.
// The Go program reports what sarama saw as JSON lines; assertions are here.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, buildGo, jsonLines, run, saramaMissing } from '../../helpers/clients.js';
import { storedBatches } from '../../helpers/segments.js';
import { createTopic, produceMessages, uniqueTopic } from '../../helpers/topics.js';

interface SaramaLine {
  kind: 'produced' | 'consumed';
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers?: Record<string, string>;
  timestampMs?: number;
}

describe('sarama 1.22.1 (V2_0_0_0)', { skip: saramaMissing() ?? false }, () => {
  let broker: TestBroker;
  let binary: string;
  let groupBinary: string;
  before(async () => {
    // Build first: a compile failure is a harness problem, reported before any broker runs.
    binary = await buildGo('test/engine/clients/go/sarama_roundtrip.go', 'sarama_roundtrip');
    groupBinary = await buildGo('test/engine/clients/go/sarama_group.go', 'sarama_group');
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  const variants = [
    ...(['none', 'gzip', 'snappy', 'lz4'] as const).map((compression) => ({ compression, idempotent: false })),
    { compression: 'snappy' as const, idempotent: true },
  ];
  for (const { compression, idempotent } of variants) {
    test(`SyncProducer sends N messages (${compression}${idempotent ? ', idempotent' : ''}), partition consumer reads them back`, async () => {
      const topic = uniqueTopic(`sarama-${compression}`);
      const n = 15;
      const started = Date.now();
      const args = ['-broker', broker.bootstrap, '-topic', topic, '-n', String(n), '-compression', compression, '-timeout', '30s'];
      if (idempotent) args.push('-idempotent');
      const r = assertOk('sarama_roundtrip', await run(binary, args, { timeoutMs: 90_000 }));
      const lines = jsonLines<SaramaLine>(r.stdout);
      const produced = lines.filter((l) => l.kind === 'produced');
      const consumed = lines.filter((l) => l.kind === 'consumed');
      assert.deepEqual(
        produced.map((p) => [p.partition, p.offset, p.key]),
        Array.from({ length: n }, (_, i) => [0, i, `key-${i}`]),
      );
      assert.deepEqual(
        consumed.map((c) => [c.partition, c.offset, c.key, c.value, c.headers]),
        Array.from({ length: n }, (_, i) => [0, i, `key-${i}`, `sarama value ${i} ✓`, { seq: String(i) }]),
        r.stderr,
      );
      // CreateTime set by sarama itself, so within this test's run.
      for (const c of consumed) {
        assert.ok((c.timestampMs ?? 0) >= started - 1000 && (c.timestampMs ?? 0) <= Date.now() + 1000, `timestamp ${c.timestampMs}`);
      }
      // Idempotent: every batch carries the producer id from InitProducerId and
      // gap-free sequences; otherwise no producer id at all.
      let sequence = 0;
      for (const b of storedBatches(broker.dataDir, topic, 0)) {
        if (idempotent) {
          assert.ok(b.producerId >= 0, `producer id ${b.producerId}`);
          assert.equal(b.baseSequence, sequence);
          sequence += b.recordCount;
        } else {
          assert.equal(b.producerId, -1);
        }
      }
    });
  }

  test('ConsumerGroup consumes every partition, commits, and a new member resumes at the committed offsets', async () => {
    const topic = uniqueTopic('sarama-group');
    const group = uniqueTopic('sarama-group-g');
    await createTopic(broker.bootstrap, topic, { partitions: 3 });
    const seeded = [0, 1, 2].flatMap((p) => [0, 1, 2, 3].map((i) => ({ partition: p, key: `p${p}-k${i}`, value: `p${p}-v${i}` })));
    await produceMessages(broker.bootstrap, topic, seeded);

    const member = async (n: number): Promise<GroupLine[]> => {
      const args = ['-broker', broker.bootstrap, '-topic', topic, '-group', group, '-n', String(n), '-partitions', '3', '-timeout', '40s'];
      return jsonLines<GroupLine>(assertOk('sarama_group', await run(groupBinary, args, { timeoutMs: 90_000 })).stdout);
    };

    const first = await member(seeded.length);
    const got = first.filter((l) => l.kind === 'message').map((l) => `${l.partition}:${l.offset}:${l.key}:${l.value}`);
    const want = [0, 1, 2].flatMap((p) => [0, 1, 2, 3].map((i) => `${p}:${i}:p${p}-k${i}:p${p}-v${i}`));
    assert.deepEqual(got.sort(), want.sort());

    // Close committed the marked offsets: the next member starts each claim at 4.
    const second = await member(0);
    assert.deepEqual(
      second.filter((l) => l.kind === 'claim').map((l) => [l.partition, l.offset]).sort(),
      [[0, 4], [1, 4], [2, 4]],
    );
    assert.deepEqual(second.filter((l) => l.kind === 'message'), []);
  });
});

interface GroupLine {
  kind: 'claim' | 'message';
  partition: number;
  offset: number;
  key?: string;
  value?: string;
}
