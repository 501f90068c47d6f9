/**
 * KIP-848 groups in the backend's view (issue 11 §4): Kafka 4's DescribeGroups answers a consumer group as Dead
 * without members, so groups.list / groups.get read ConsumerGroupDescribe: type, state, group and assignment epochs,
 * assignor, member epochs, subscriptions, current vs target assignment with what is pending revocation. Members
 * are driven with raw ConsumerGroupHeartbeats, so each step is exact.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EMBEDDED_CLUSTER_ID as C } from '../../src-common/contract/clusters.js';
import { heartbeat, joinRequest, TopicIds } from '../helpers/consumer-protocol.js';
import { RawClient } from '../helpers/raw-client.js';
import { startTestBackend, type TestBackend } from './harness.js';

let b: TestBackend;
let raw: RawClient;
const TOPIC = 'kip848-orders';
const GROUP = 'kip848-g';

before(async () => {
  b = await startTestBackend();
  await b.client.call('topics.create', { clusterId: C, name: TOPIC, partitions: 4, replicationFactor: 1 });
  const [host = '', port = '0'] = b.bootstrap.split(':');
  raw = await RawClient.connect(host, Number(port));
});

after(async () => {
  raw?.close();
  await b?.close();
});

test('a consumer group: epochs, assignor, members, target assignment and pending revocation', async () => {
  const ids = await TopicIds.load(raw, [TOPIC]);
  const a = await heartbeat(raw, ids, GROUP, joinRequest('A', [TOPIC], { serverAssignor: 'uniform' }));
  assert.equal(a.error, 0);
  await heartbeat(raw, ids, GROUP, { memberId: 'A', memberEpoch: a.epoch, topicPartitions: ids.owned({ [TOPIC]: [0, 1, 2, 3] }) });
  const bJoin = await heartbeat(raw, ids, GROUP, joinRequest('B', [TOPIC]));
  assert.equal(bJoin.error, 0);

  const detail = await b.client.call('groups.get', { clusterId: C, groupId: GROUP });
  assert.equal(detail.groupType, 'consumer');
  assert.equal(detail.state, 'Reconciling');
  assert.equal(detail.protocol, 'uniform');
  const cp = detail.consumerProtocol;
  assert.ok(cp);
  assert.deepEqual([cp.groupEpoch, cp.assignmentEpoch, cp.assignor], [bJoin.epoch, bJoin.epoch, 'uniform']);
  assert.deepEqual(cp.members.map((m) => [m.memberId, m.memberEpoch, m.subscribedTopicNames, m.assignment, m.targetAssignment, m.pendingRevocation, m.pendingAssignment]), [
    ['A', a.epoch, [TOPIC], [{ topic: TOPIC, partitions: [0, 1, 2, 3] }], [{ topic: TOPIC, partitions: [0, 1] }], [{ topic: TOPIC, partitions: [2, 3] }], []],
    ['B', bJoin.epoch, [TOPIC], [], [{ topic: TOPIC, partitions: [2, 3] }], [], [{ topic: TOPIC, partitions: [2, 3] }]],
  ]);
  // The classic member view (and the lag rows' owners) show what each member owns now.
  assert.deepEqual(detail.members.map((m) => [m.memberId, m.assignment]), [['A', [{ topic: TOPIC, partitions: [0, 1, 2, 3] }]], ['B', []]]);

  const { groups } = await b.client.call('groups.list', { clusterId: C });
  const listed = groups.find((g) => g.groupId === GROUP);
  assert.deepEqual([listed?.groupType, listed?.state, listed?.members, listed?.groupEpoch, listed?.protocol], ['consumer', 'Reconciling', 2, bJoin.epoch, 'uniform']);

  // Active members: a reset is refused before it reaches the broker.
  await assert.rejects(b.client.call('groups.resetOffsets', { clusterId: C, groupId: GROUP, topic: TOPIC, strategy: { kind: 'earliest' }, dryRun: false }), { code: 'group-not-empty' });
});

test('a classic group still reads as classic', async () => {
  const { groups } = await b.client.call('groups.list', { clusterId: C });
  assert.ok(groups.every((g) => g.groupId === GROUP || g.groupType === 'classic'));
  assert.equal(groups.find((g) => g.groupId === GROUP)?.groupType, 'consumer');
});
