// A member whose process is killed (no LeaveGroup) is expired after its session timeout, and
// its partitions move to the surviving member; the event stream says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, start, waitFor } from '../../helpers/clients.js';
import { createTopic, uniqueTopic } from '../../helpers/topics.js';
import { assertExclusiveOwnership, startGroupBroker } from './group-test-broker.js';

const SESSION_TIMEOUT_MS = 6000;

test('a kill -9ed kafkajs member expires after its session timeout and its partitions move', { timeout: 90_000 }, async () => {
  const b = await startGroupBroker();
  const topic = uniqueTopic('crash');
  const group = `g-${topic}`;
  await createTopic(b.bootstrap, topic, { partitions: 4 });
  const survivor = b.kafka('survivor').consumer({ groupId: group, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 300, maxWaitTimeInMs: 200 });
  let survivorPartitions: number[] = [];
  survivor.on(survivor.events.GROUP_JOIN, (e) => {
    survivorPartitions = e.payload.memberAssignment[topic] ?? [];
  });
  const fixture = join(repoRoot, 'test/engine/groups/fixtures/kafkajs-member.mts');
  let childOut = '';
  const child = start(process.execPath, ['--import', 'tsx', fixture, b.bootstrap, topic, group, 'doomed', String(SESSION_TIMEOUT_MS)], {
    timeoutMs: 80_000,
    onStdout: (s) => (childOut += s),
  });
  try {
    await survivor.connect();
    await survivor.subscribe({ topic, fromBeginning: true });
    await survivor.run({ eachMessage: async () => undefined });
    await b.waitStable(group, 2, 40_000);
    await waitFor('the child to report its assignment', () => /"assigned":\[\d/.test(childOut), 20_000);
    const before = b.handle.insight.describeGroup(group);
    const doomed = before?.members.find((m) => m.clientId === 'doomed');
    assert.ok(doomed, 'child is a member');
    assert.ok(doomed.assignment.length > 0);

    const killedAt = Date.now();
    child.kill();
    await child.done;
    await waitFor('the dead member to expire', () => b.groupEvents(group).some((e) => e.type === 'member-left' && e.memberId === doomed.memberId), SESSION_TIMEOUT_MS + 10_000);
    const expiredAfter = Date.now() - killedAt;
    const left = b.groupEvents(group).find((e) => e.type === 'member-left' && e.memberId === doomed.memberId);
    assert.equal(left?.type === 'member-left' ? left.reason : null, 'session-timeout');
    // Not before the session timeout (minus the last heartbeat interval), not much after it.
    assert.ok(expiredAfter >= SESSION_TIMEOUT_MS - 1000, `expired after ${expiredAfter} ms`);

    await b.waitStable(group, 1, 20_000);
    await waitFor('the survivor to own every partition', () => survivorPartitions.length === 4, 10_000);
    const last = b.syncs(group).at(-1);
    assert.ok(last);
    assert.equal(last.members.length, 1);
    assertExclusiveOwnership(last, topic, 4);
    const rebalance = b.groupEvents(group).filter((e) => e.type === 'rebalance-started').at(-1);
    assert.match(rebalance?.type === 'rebalance-started' ? rebalance.reason : '', /session-timeout/);
  } finally {
    child.kill();
    await survivor.disconnect();
    await b.stop();
  }
});
