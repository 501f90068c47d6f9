/**
 * A broker answers one connection's requests in order, so a long-poll Fetch (a live tail waiting for records)
 * must not share its connection with the console's other requests to that broker: a plain fetch (a page of the
 * message browser) asked while a long poll waits on an empty partition is answered before the long poll returns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestBroker } from '../helpers/broker.js';
import { createTopic, uniqueTopic } from '../helpers/topics.js';
import { ClusterConnection } from '../../src-backend/kafka/connection.js';
import { fetchRawChunk } from '../../src-backend/messages/reader.js';

test('a waiting fetch does not hold up the requests queued after it', { timeout: 60_000 }, async () => {
  const broker = await startTestBroker();
  const connection = new ClusterConnection({ clientId: 'waiting-fetch-test', brokers: [broker.bootstrap] });
  try {
    const topic = uniqueTopic('waiting-fetch');
    await createTopic(broker.bootstrap, topic, { partitions: 2 });
    // Connections and metadata are open before the race.
    await Promise.all([fetchRawChunk(connection, topic, 1, 0), fetchRawChunk(connection, topic, 0, 0, 1024, 10)]);
    const order: string[] = [];
    const longPoll = fetchRawChunk(connection, topic, 0, 0, 1024 * 1024, 5_000).then(() => order.push('long poll'));
    await fetchRawChunk(connection, topic, 1, 0);
    order.push('page');
    await longPoll;
    assert.deepEqual(order, ['page', 'long poll']);
  } finally {
    await connection.close();
    await broker.stop();
  }
});
