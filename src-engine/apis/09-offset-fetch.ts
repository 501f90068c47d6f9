/**
 * OffsetFetch (9). v0-v7 ask one group (v2+: null topics = all of them, plus a top-level error),
 * v8+ ask several groups at once. requireStable (v7+): a partition whose offset a transaction
 * has committed but not yet ended answers UNSTABLE_OFFSET_COMMIT (the client retries), as Kafka does.
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type {
  OffsetFetchRequest, OffsetFetchResponse, OffsetFetchResponseOffsetFetchResponsePartitions,
} from '../../src-protocol/generated/09-offset-fetch.js';
import { canDescribeTopic, groupAuthorized, Op } from '../security/authz.js';

interface TopicAnswer {
  name: string;
  partitions: OffsetFetchResponseOffsetFetchResponsePartitions[];
}

function fetchGroup(ctx: RequestContext, groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null,
  requireStable: boolean, member?: { memberId: string | null; memberEpoch: number }): { errorCode: number; topics: TopicAnswer[] } {
  const gc = ctx.cluster.groups;
  if (!groupAuthorized(ctx, Op.DESCRIBE, groupId)) {
    return {
      errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED,
      topics: member === undefined ? (topics ?? []).map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED })),
      })) : [],
    };
  }
  const r = gc.fetchOffsets(groupId, topics === null ? null : topics.map((t) => ({ topic: t.name, partitions: t.partitionIndexes })), requireStable, member);
  if (r.errorCode !== ErrorCode.NONE && topics !== null && member === undefined) {
    // Per-partition copies of the group error, for v0-v1 clients that only read those.
    return {
      errorCode: r.errorCode,
      topics: topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((p) => ({ partitionIndex: p, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: r.errorCode })),
      })),
    };
  }
  const byTopic = new Map<string, TopicAnswer>();
  for (const o of r.offsets) {
    let t = byTopic.get(o.topic);
    if (!t) byTopic.set(o.topic, (t = { name: o.topic, partitions: [] }));
    const denied = !canDescribeTopic(ctx, o.topic);
    if (denied && topics === null) continue; // "all topics" lists only what the principal may describe
    t.partitions.push(denied
      ? { partitionIndex: o.partition, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED }
      : { partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch, metadata: o.metadata, errorCode: o.errorCode });
  }
  return { errorCode: r.errorCode, topics: [...byTopic.values()].filter((t) => t.partitions.length > 0) };
}

export const offsetFetch = defineHandler<OffsetFetchRequest, OffsetFetchResponse>({
  key: 9,
  minVersion: 0,
  maxVersion: 9,
  handle(ctx, req) {
    const requireStable = ctx.apiVersion >= 7 && req.requireStable;
    if (ctx.apiVersion >= 8) {
      return {
        throttleTimeMs: 0,
        topics: [],
        errorCode: 0,
        groups: req.groups.map((g) => {
          const r = fetchGroup(ctx, g.groupId, g.topics, requireStable, ctx.apiVersion >= 9 ? { memberId: g.memberId, memberEpoch: g.memberEpoch } : undefined);
          return { groupId: g.groupId, errorCode: r.errorCode, topics: r.topics };
        }),
      };
    }
    // v0-v1 have no "all topics" form; a null array only exists from v2.
    const r = fetchGroup(ctx, req.groupId, req.topics, requireStable);
    return { throttleTimeMs: 0, topics: r.topics, errorCode: r.errorCode, groups: [] };
  },
});
