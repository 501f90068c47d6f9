// An idempotent librdkafka producer (confluent-kafka-python) keeps producing while
// the broker process is SIGKILLed and restarted on the same data dir. Kafka's
// guarantee: every message is delivered exactly once and in order — batches that
// were written but not acknowledged before the kill are recognised as duplicates
// after recovery (producer state rebuilt from snapshots and the log), not appended twice.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChildBroker, type ChildBroker } from '../../helpers/broker.js';
import { assertOk, confluentKafkaMissing, kcatMissing, lastJsonLine, startPython, waitFor } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { kcatConsume } from './kcat-helpers.js';

interface PacedReport {
  delivered: { error: string | null; offset: number; value: string }[];
  unflushed: number;
  errors: { code: string; fatal: boolean; str: string }[];
}

const skip = confluentKafkaMissing() ?? kcatMissing() ?? false;

describe('idempotent producer across a broker kill -9', { skip }, () => {
  let broker: ChildBroker;
  before(async () => {
    broker = await startChildBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  test('confluent-kafka-python: exactly once and in order through SIGKILL + restart', { timeout: 180_000 }, async () => {
    const topic = uniqueTopic('py-idempotent-kill9');
    const n = 300;
    let stdout = '';
    const producer = startPython('confluent_idempotent_paced.py', [broker.bootstrap, topic, String(n), '10'], {
      timeoutMs: 150_000,
      onStdout: (s) => (stdout += s),
    });
    const progress = (): number => Number([...stdout.matchAll(/^progress (\d+)$/gm)].at(-1)?.[1] ?? 0);
    try {
      await waitFor('the producer to send 100 messages', () => progress() >= 100, 60_000);
      await broker.kill9();
      broker = await broker.restart();

      const r = assertOk('confluent_idempotent_paced.py', await producer.done);
      const report = lastJsonLine<PacedReport>('confluent_idempotent_paced.py', r.stdout);
      const context = `errors: ${JSON.stringify(report.errors)}\nbroker output:\n${broker.output().slice(-2000)}`;
      assert.equal(report.unflushed, 0, context);
      assert.deepEqual(report.errors.filter((e) => e.fatal), [], context);
      assert.deepEqual(report.delivered.filter((d) => d.error !== null), [], context);
      // Delivery reports: offset i holds m-i, every offset once.
      assert.deepEqual(
        report.delivered.map((d) => [d.offset, d.value]).sort((a, b) => Number(a[0]) - Number(b[0])),
        Array.from({ length: n }, (_, i) => [i, `m-${i}`]),
        context,
      );

      const stored = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
      const values = stored.map((m) => m.payload);
      const duplicates = values.filter((v, i) => values.indexOf(v) !== i);
      assert.deepEqual(duplicates, [], 'no message stored twice');
      assert.deepEqual(values, Array.from({ length: n }, (_, i) => `m-${i}`), context);
    } finally {
      producer.kill();
    }
  });
});
