// Open transactions and the last stable offset, seen by librdkafka consumers (kcat,
// isolation.level=read_committed vs read_uncommitted) while a confluent-kafka-python
// producer holds a transaction open. Kafka: read_committed consumers stop at the LSO
// (the first offset of the oldest open transaction), even for non-transactional
// records after it; a transaction whose producer dies is aborted by the coordinator
// after transaction.timeout.ms, which lets the LSO move on.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestBroker, tempDataDir, type TestBroker } from '../../helpers/broker.js';
import { assertOk, confluentKafkaMissing, kcatMissing, startPython, waitFor } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { kcatConsume, kcatProduce, type KcatMessage } from './kcat-helpers.js';

const skip = confluentKafkaMissing() ?? kcatMissing() ?? false;

describe('transactions and the last stable offset (confluent-kafka-python + kcat)', { skip }, () => {
  let broker: TestBroker;
  before(async () => {
    broker = await startTestBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  const read = (topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<KcatMessage[]> =>
    kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0, extra: ['-X', `isolation.level=${isolation}`] });
  const view = (msgs: KcatMessage[]): [number, string | null][] => msgs.map((m) => [m.offset, m.payload]);

  test('read_committed stops at an open transaction, then sees it once committed', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('txn-lso');
    const signalDir = tempDataDir('kafkadesk-signal-');
    const signal = join(signalDir, 'commit');
    let out = '';
    const holder = startPython('confluent_txn_hold.py', [broker.bootstrap, topic, '60000', signal], {
      timeoutMs: 90_000,
      onStdout: (s) => (out += s),
    });
    try {
      await waitFor('the transaction to be open', () => out.includes('open\n'), 30_000);
      await kcatProduce(broker.bootstrap, topic, [{ key: 'plain', value: 'outside the transaction' }], { partition: 0 });

      assert.deepEqual(view(await read(topic, 'read_committed')), [], 'nothing is stable yet');
      assert.deepEqual(view(await read(topic, 'read_uncommitted')), [
        [0, 'in transaction 0'],
        [1, 'in transaction 1'],
        [2, 'in transaction 2'],
        [3, 'outside the transaction'],
      ]);

      writeFileSync(signal, '');
      const r = assertOk('confluent_txn_hold.py', await holder.done);
      assert.match(r.stdout, /committed/);
      // The commit marker takes offset 4; consumers never see it.
      assert.deepEqual(view(await read(topic, 'read_committed')), [
        [0, 'in transaction 0'],
        [1, 'in transaction 1'],
        [2, 'in transaction 2'],
        [3, 'outside the transaction'],
      ]);
    } finally {
      holder.kill();
      rmSync(signalDir, { recursive: true, force: true });
    }
  });

  test('a transaction whose producer was killed is aborted after transaction.timeout.ms', { timeout: 120_000 }, async () => {
    const topic = uniqueTopic('txn-timeout');
    let out = '';
    const holder = startPython('confluent_txn_hold.py', [broker.bootstrap, topic, '2000', '-'], {
      timeoutMs: 90_000,
      onStdout: (s) => (out += s),
    });
    try {
      await waitFor('the transaction to be open', () => out.includes('open\n'), 30_000);
    } finally {
      holder.kill();
    }
    await holder.done;
    await kcatProduce(broker.bootstrap, topic, [{ key: 'plain', value: 'after the crash' }], { partition: 0 });

    // Kafka's coordinator checks for expired transactions periodically (every 10 s by
    // default), so allow a minute for the abort to land and the LSO to pass the record.
    let committedView: [number, string | null][] = [];
    await waitFor(
      'read_committed to see the record after the aborted transaction',
      async () => {
        committedView = view(await read(topic, 'read_committed'));
        return committedView.length > 0;
      },
      60_000,
      500,
    );
    // Offsets 0-2 aborted records, 3 the plain record, then the abort marker.
    assert.deepEqual(committedView, [[3, 'after the crash']]);
    assert.deepEqual(view(await read(topic, 'read_uncommitted')), [
      [0, 'in transaction 0'],
      [1, 'in transaction 1'],
      [2, 'in transaction 2'],
      [3, 'after the crash'],
    ]);
  });
});
