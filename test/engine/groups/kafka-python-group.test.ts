// kafka-python 2.0.2 speaks the oldest group versions the engine advertises (JoinGroup v2,
// SyncGroup v1, Heartbeat v1, LeaveGroup v1, OffsetCommit v2, OffsetFetch v1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertOk, jsonLines, kafkaPythonMissing, python3, repoRoot, run } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { startGroupBroker } from './group-test-broker.js';

const skip = kafkaPythonMissing() ?? false;

test('kafka-python consumer group: consumes, commits, leaves; offsets visible to kafkajs admin', { skip, timeout: 90_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('kpy');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 3 });
  const kafka = b.kafka();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, partition: i % 3 })) });
  await producer.disconnect();
  try {
    const r = assertOk('kafka-python member', await run(python3, [join(repoRoot, 'test/engine/groups/fixtures/kp_member.py'), b.bootstrap, topic, group, '30'], {
      timeoutMs: 60_000,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    }));
    const out = jsonLines<{ values: string[]; assignment: number[] }>(r.stdout)[0];
    assert.equal(new Set(out?.values).size, 30);
    assert.deepEqual(out?.assignment, [0, 1, 2]);
    const sync = b.syncs(group).at(-1);
    assert.equal(sync?.members[0]?.clientId, 'kafka-python-2.0.2');
    assert.deepEqual(sync?.members[0]?.assignment, [{ topic, partitions: [0, 1, 2] }]);
    assert.ok(b.groupEvents(group).some((e) => e.type === 'member-left' && e.reason === 'leave-group'));
    assert.equal(b.handle.insight.describeGroup(group)?.state, 'Empty');
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    await admin.disconnect();
    assert.deepEqual(offsets[0]?.partitions.sort((x, y) => x.partition - y.partition).map((p) => p.offset), ['10', '10', '10']);
    assert.equal(b.handle.insight.groupLag(group)?.totalLag, 0);
  } finally {
    await b.stop();
  }
});
