/**
 * librdkafka (confluent-kafka-python) consume-transform-produce: the output records and the input
 * group's offsets commit together; the group offset is invisible until the commit.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertOk, confluentKafkaMissing, lastJsonLine, python3, repoRoot, start } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { startTxnBroker, type TxnBroker } from './support.js';

interface Report {
  consumed: number;
  before_commit: { read_uncommitted: number | string; read_committed: number | string };
  after_commit: { read_uncommitted: number | string; read_committed: number | string };
  output: { offset: number; value: string }[];
}

let broker: TxnBroker;

before(async () => {
  broker = await startTxnBroker();
});

after(async () => {
  await broker?.stop();
});

test('confluent-kafka-python: send_offsets_to_transaction commits output and group offsets atomically', { skip: confluentKafkaMissing() ?? false }, async () => {
  const input = uniqueTopic('ctp-in');
  const output = uniqueTopic('ctp-out');
  const script = join(repoRoot, 'test/engine/transactions/python/confluent_send_offsets.py');
  const r = assertOk('confluent_send_offsets.py', await start(python3, [script, broker.bootstrap, input, output, `g-${input}`], {
    timeoutMs: 60_000, env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  }).done);
  const report = lastJsonLine<Report>('confluent_send_offsets.py', r.stdout);
  assert.equal(report.consumed, 5);
  // librdkafka reports "no committed offset" as OFFSET_INVALID (-1001); a read_committed consumer asks with
  // require_stable and keeps retrying UNSTABLE_OFFSET_COMMIT while the transaction is open, as against Kafka.
  assert.deepEqual(report.before_commit, { read_uncommitted: -1001, read_committed: '_TIMED_OUT' });
  assert.deepEqual(report.after_commit, { read_uncommitted: 5, read_committed: 5 });
  // 0-4 the records, 5 the commit marker.
  assert.deepEqual(report.output, [0, 1, 2, 3, 4].map((i) => ({ offset: i, value: `VALUE ${i}` })));
});
