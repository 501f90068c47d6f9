/** CreateTopics with a manual replica assignment: a broker named twice is refused, as Kafka does. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Kafka, logLevel } from 'kafkajs';
import { startTestBroker, type TestBroker } from '../../helpers/broker.js';

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker();
});
after(async () => broker?.stop());

test('a duplicate replica ([1, 1]) is INVALID_REPLICA_ASSIGNMENT; a valid assignment creates the topic', async () => {
  const admin = new Kafka({ brokers: [broker.bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  await admin.connect();
  try {
    await assert.rejects(
      admin.createTopics({ topics: [{ topic: 'dup-replicas', replicaAssignment: [{ partition: 0, replicas: [1, 1] }] }] }),
      (error: Error & { errors?: { type: string }[] }) => {
        assert.equal(error.errors?.[0]?.type, 'INVALID_REPLICA_ASSIGNMENT');
        return true;
      },
    );
    assert.equal((await admin.listTopics()).includes('dup-replicas'), false);
    assert.equal(await admin.createTopics({ topics: [{ topic: 'one-replica', replicaAssignment: [{ partition: 0, replicas: [1] }] }] }), true);
  } finally {
    await admin.disconnect();
  }
});
