/** The engine publishes each segment roll, so the GUI can show segments appear as they happen. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import kafkajs from 'kafkajs';
import { startBroker, type EngineEvent } from '../../../src-engine/index.js';
import { tempDataDir } from '../../helpers/broker.js';

test('segment-rolled events match the segments on disk', async () => {
  const dataDir = tempDataDir();
  const broker = await startBroker({ dataDir, port: 0 });
  const rolled: EngineEvent[] = [];
  broker.events.on('event', (e) => {
    if (e.type === 'segment-rolled' && e.topic === 'rolling') rolled.push(e);
  });
  const kafka = new kafkajs.Kafka({ brokers: [`${broker.host}:${broker.port}`], logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'rolling', numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '2048' }] }] });
    await producer.connect();
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'rolling', messages: [{ value: 'x'.repeat(1500) }] });
    const segments = broker.insight.listSegments('rolling', 0)!;
    assert.ok(segments.length >= 5, `expected several segments, got ${segments.length}`);
    const bases = rolled.map((e) => (e.type === 'segment-rolled' ? e.baseOffset : -1));
    assert.deepEqual(bases, segments.slice(1).map((s) => s.baseOffset), 'one event per new segment, in order');
  } finally {
    await producer.disconnect();
    await admin.disconnect();
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
