// The broker as a separate process (the CLI): acknowledged messages survive a
// SIGKILL and a restart on the same data dir, and the restarted broker keeps
// assigning offsets after them. Kafka acks from the page cache, so a process
// kill (not a power cut) loses nothing that was acknowledged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startChildBroker, type ChildBroker } from '../../helpers/broker.js';
import { assertOk, jsonLines, kcatMissing, waitFor } from '../../helpers/clients.js';
import { uniqueTopic } from '../../helpers/topics.js';
import { kcatConsume, kcatConsumerProcess, kcatProduce, type KcatMessage } from './kcat-helpers.js';

describe('broker process: kill -9 and restart (kcat)', { skip: kcatMissing() ?? false }, () => {
  let broker: ChildBroker;
  before(async () => {
    broker = await startChildBroker();
  });
  after(async () => {
    await broker?.stop();
  });

  test('acknowledged messages survive SIGKILL; offsets continue after restart', async () => {
    const topic = uniqueTopic('kcat-kill9');
    const first = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `before kill ${i}` }));
    await kcatProduce(broker.bootstrap, topic, first, { partition: 0, codec: 'gzip' });
    await kcatProduce(broker.bootstrap, topic, [{ key: 'k20', value: 'uncompressed before kill' }], { partition: 0 });

    const port = broker.port;
    await broker.kill9();
    try {
      broker = await broker.restart();
    } catch (err) {
      throw new Error(`restart after SIGKILL failed: ${(err as Error).message}`, { cause: err });
    }
    assert.equal(broker.port, port, 'restarted on the same port');

    const after1 = await kcatConsume(broker.bootstrap, topic, 'beginning', { partition: 0 });
    assert.deepEqual(
      after1.map((m) => [m.offset, m.key, m.payload]),
      [...first, { key: 'k20', value: 'uncompressed before kill' }].map((m, i) => [i, m.key, m.value]),
      broker.output(),
    );

    await kcatProduce(broker.bootstrap, topic, [{ key: 'k21', value: 'after restart' }], { partition: 0 });
    const tail = await kcatConsume(broker.bootstrap, topic, '-1', { partition: 0 });
    assert.deepEqual(tail.map((m) => [m.offset, m.key, m.payload]), [[21, 'k21', 'after restart']]);
  });

  test('a running consumer reconnects after SIGKILL + restart and continues without gaps or repeats', async () => {
    const topic = uniqueTopic('kcat-kill9-consumer');
    const first = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `before ${i}` }));
    await kcatProduce(broker.bootstrap, topic, first, { partition: 0 });
    let out = '';
    // -E: kcat otherwise exits when all brokers are down, which they are during the restart.
    const consumer = kcatConsumerProcess(
      ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '0', '-o', 'beginning', '-c', '20', '-J', '-u', '-E', '-X', 'reconnect.backoff.max.ms=500'],
      () => undefined,
    );
    consumer.child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    try {
      await waitFor('the consumer to read the first 10', () => jsonLines<KcatMessage>(out).length >= 10, 30_000);
      await broker.kill9();
      broker = await broker.restart();
      const second = Array.from({ length: 10 }, (_, i) => ({ key: `k${i + 10}`, value: `after ${i}` }));
      await kcatProduce(broker.bootstrap, topic, second, { partition: 0 });
      const r = assertOk('kcat consumer across restart', await consumer.done);
      assert.deepEqual(
        jsonLines<KcatMessage>(r.stdout).map((m) => [m.offset, m.payload]),
        [...first, ...second].map((m, i) => [i, m.value]),
      );
    } finally {
      consumer.kill();
    }
  });
});
