/**
 * KIP-430's authorized operations without an authorizer, Apache Kafka vs the engine: every operation the resource
 * type supports, when asked — in Metadata (topics v8+, the cluster v8-v10), DescribeCluster and DescribeGroups —
 * and Kafka's "not requested" value otherwise. With an authorizer: test/engine/security/authorized-operations.test.ts.
 */
import { test } from 'node:test';
import { rawApi } from '../helpers/raw-client.js';
import { uniqueTopic } from '../helpers/topics.js';
import type { DescribeClusterRequest, DescribeClusterResponse } from '../../src-protocol/generated/60-describe-cluster.js';
import type { DescribeGroupsRequest, DescribeGroupsResponse } from '../../src-protocol/generated/15-describe-groups.js';
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../src-protocol/generated/10-find-coordinator.js';
import { waitFor } from '../helpers/clients.js';
import { api, assertSameAsKafka, createReadyTopic, onBoth, send, skip, usePair } from './harness.js';

const pair = usePair();
const describeCluster = rawApi<DescribeClusterRequest, DescribeClusterResponse>(60);
const describeGroups = rawApi<DescribeGroupsRequest, DescribeGroupsResponse>(15);
const findCoordinator = rawApi<FindCoordinatorRequest, FindCoordinatorResponse>(10);
const ZERO_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

test('authorized operations in Metadata, DescribeCluster and DescribeGroups, asked for or not', { skip }, async () => {
  const topic = uniqueTopic('diff-ops');
  const result = await onBoth(pair(), async (t) => {
    await createReadyTopic(t, topic, 1);
    const out: Record<string, unknown> = {};
    for (const [version, asked] of [[8, true], [10, true], [10, false], [12, true], [12, false]] as const) {
      const md = await send(t, api.metadata, version, {
        topics: [{ name: topic, topicId: ZERO_ID }, { name: `${topic}-missing`, topicId: ZERO_ID }],
        allowAutoTopicCreation: false, includeClusterAuthorizedOperations: asked, includeTopicAuthorizedOperations: asked,
      });
      out[`metadata v${version} ${asked ? 'asked' : 'not asked'}`] = {
        cluster: md.clusterAuthorizedOperations,
        topics: md.topics.map((x) => ({ errorCode: x.errorCode, ops: x.topicAuthorizedOperations })),
      };
    }
    // As clients do: find the coordinator first (Kafka creates __consumer_offsets then, and answers NOT_COORDINATOR before).
    await waitFor(`${t.name}: a group coordinator`, async () => {
      const fc = await send(t, findCoordinator, 4, { key: '', keyType: 0, coordinatorKeys: [`${topic}-group`] });
      if (fc.coordinators[0]?.errorCode !== 0) return false;
      // ...and has loaded the group's partition of it (NOT_COORDINATOR or COORDINATOR_LOAD_IN_PROGRESS until then).
      const dg = await send(t, describeGroups, 5, { groups: [`${topic}-group`], includeAuthorizedOperations: false });
      return ![14, 16].includes(dg.groups[0]?.errorCode ?? 16);
    }, 30_000, 200);
    for (const asked of [true, false]) {
      const dc = await send(t, describeCluster, 1, { includeClusterAuthorizedOperations: asked, endpointType: 1 });
      out[`describeCluster ${asked}`] = dc.clusterAuthorizedOperations;
      const dg = await send(t, describeGroups, 5, { groups: [`${topic}-group`], includeAuthorizedOperations: asked });
      out[`describeGroups ${asked}`] = dg.groups.map((g) => ({ errorCode: g.errorCode, state: g.groupState, ops: g.authorizedOperations }));
    }
    return out;
  });
  assertSameAsKafka(result);
});
