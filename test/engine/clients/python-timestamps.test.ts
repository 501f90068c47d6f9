// Record timestamps through kafka-python 2.0.2 (Produce v7, ListOffsets v1, Fetch v4):
// explicit CreateTime timestamps, in and out of order, looked up with
// offsets_for_times; and a LogAppendTime topic, where the broker stamps records.
// Kafka's rule for a lookup: the smallest offset whose timestamp is >= the target.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';
import { assertOk, kafkaPythonMissing, lastJsonLine, python } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';

interface TimestampReport {
  sent: { offset: number; timestamp: number }[];
  lookups: { target: number; offset: number | null; timestamp: number | null }[];
  beginning: number;
  end: number;
  records: { offset: number; timestamp: number; timestamp_type: number }[];
}

async function runScript(bootstrap: string, topic: string, timestamps: number[], targets: number[]): Promise<TimestampReport> {
  const r = assertOk(
    'kafka_python_timestamps.py',
    await python('kafka_python_timestamps.py', [bootstrap, topic, timestamps.join(','), targets.join(',')], { timeoutMs: 90_000 }),
  );
  return lastJsonLine<TimestampReport>('kafka_python_timestamps.py', r.stdout);
}

/** What Kafka answers for each target: the first offset with timestamp >= target. */
function kafkaLookups(timestamps: number[], targets: number[]): TimestampReport['lookups'] {
  return targets.map((target) => {
    const i = timestamps.findIndex((ts) => ts >= target);
    return { target, offset: i < 0 ? null : i, timestamp: i < 0 ? null : (timestamps[i] ?? null) };
  });
}

describe('kafka-python 2.0.2: timestamps', { skip: kafkaPythonMissing() ?? false }, () => {
  let broker: TestBroker;
  // An hour ago: explicit, far from "now", and well inside the default 7-day retention.
  const base = Date.now() - 3_600_000;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  for (const { name, offsets } of [
    { name: 'increasing', offsets: [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000] },
    // Out of order: the answer is not a binary search over timestamps.
    { name: 'out of order', offsets: [1000, 5000, 2000, 6000, 3000, 3000, 500] },
  ]) {
    test(`CreateTime, ${name}: stored as sent, offsets_for_times finds the first offset at or after the target`, async () => {
      const topic = uniqueTopic('py-timestamps');
      const timestamps = offsets.map((o) => base + o);
      const targets = [base - 1, base + 1000, base + 2000, base + 2500, base + 3000, base + 5500, base + 9000, base + 9001];
      const report = await runScript(broker.bootstrap, topic, timestamps, targets);
      const n = timestamps.length;
      assert.deepEqual(report.sent, timestamps.map((timestamp, offset) => ({ offset, timestamp })));
      assert.deepEqual(report.records, timestamps.map((timestamp, offset) => ({ offset, timestamp, timestamp_type: 0 })));
      assert.deepEqual([report.beginning, report.end], [0, n]);
      assert.deepEqual(report.lookups, kafkaLookups(timestamps, targets));
    });
  }

  test('LogAppendTime topic: the broker stamps each batch, and the produce response says when', async () => {
    const topic = uniqueTopic('py-logappend');
    await createTopic(broker.bootstrap, topic, { configs: { 'message.timestamp.type': 'LogAppendTime' } });
    const started = Date.now();
    const report = await runScript(broker.bootstrap, topic, [base, base + 1], [started - 1, Date.now() + 3_600_000]);
    const finished = Date.now();
    assert.equal(report.sent.length, 2);
    for (const [i, s] of report.sent.entries()) {
      assert.equal(s.offset, i);
      assert.ok(s.timestamp >= started && s.timestamp <= finished, `append time ${s.timestamp} not in [${started}, ${finished}]`);
    }
    // Consumers see the append time, typed as such (1), not the producer's timestamp.
    assert.deepEqual(report.records, report.sent.map((s) => ({ offset: s.offset, timestamp: s.timestamp, timestamp_type: 1 })));
    assert.deepEqual(report.lookups, [
      { target: started - 1, offset: 0, timestamp: report.sent[0]?.timestamp ?? null },
      { target: report.lookups[1]?.target ?? 0, offset: null, timestamp: null },
    ]);
  });
});
