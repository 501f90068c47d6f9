/**
 * Fetch (1): serve stored batches byte-for-byte (src-engine/fetch/read-partitions.ts). Long-polls until
 * min_bytes arrived or max_wait_ms passed. Incremental fetch sessions (KIP-227, v7+) follow Kafka's
 * FetchManager: src-engine/fetch/fetch-context.ts and fetch-sessions.ts, the cache owned by the Cluster.
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { completeFetch, newFetchContext, TOPIC_ID_FETCH_VERSION, type AnsweredPartition } from '../fetch/fetch-context.js';
import { partitionRequestKey, ZERO_TOPIC_ID, type PartitionRequest } from '../fetch/fetch-sessions.js';
import { readPartitions, type PartitionResult } from '../fetch/read-partitions.js';
import type { Cluster } from '../cluster/cluster.js';
import { METADATA_TOPIC } from '../replication/image.js';
import type {
  FetchRequest,
  FetchResponse,
  FetchResponseFetchableTopicResponse,
} from '../../src-protocol/generated/01-fetch.js';
import { Op, topicAuthorized } from '../security/authz.js';

const SESSIONS_FETCH_VERSION = 7;

/** The request's partitions, deduplicated like Kafka's LinkedHashMap (a repeat keeps the first place, last values). */
function requestedPartitions(cluster: Cluster, version: number, req: FetchRequest): PartitionRequest[] {
  const byKey = new Map<string, PartitionRequest>();
  for (const t of req.topics) {
    const usesIds = version >= TOPIC_ID_FETCH_VERSION;
    const topic = usesIds ? (cluster.topics.byId.get(t.topicId)?.name ?? null) : t.topic;
    const topicId = usesIds ? t.topicId : ZERO_TOPIC_ID;
    for (const p of t.partitions) {
      const r: PartitionRequest = { topic, topicId, partition: p.partition, fetchOffset: p.fetchOffset, partitionMaxBytes: p.partitionMaxBytes, currentLeaderEpoch: p.currentLeaderEpoch,
        lastFetchedEpoch: version >= 12 ? p.lastFetchedEpoch : -1 };
      byKey.set(partitionRequestKey(r), r);
    }
  }
  return [...byKey.values()];
}

function forgottenPartitions(cluster: Cluster, version: number, req: FetchRequest): string[] {
  const keys: string[] = [];
  for (const t of req.forgottenTopicsData) {
    const usesIds = version >= TOPIC_ID_FETCH_VERSION;
    const topic = usesIds ? (cluster.topics.byId.get(t.topicId)?.name ?? null) : t.topic;
    for (const partition of t.partitions) keys.push(partitionRequestKey({ topic, topicId: usesIds ? t.topicId : ZERO_TOPIC_ID, partition }));
  }
  return keys;
}

/** Kafka's FetchResponse.of: consecutive partitions of one topic share a topic entry, in response order. */
function groupByTopic(included: readonly AnsweredPartition<PartitionResult>[]): FetchResponseFetchableTopicResponse[] {
  const topics: FetchResponseFetchableTopicResponse[] = [];
  let last: { key: string; entry: FetchResponseFetchableTopicResponse } | undefined;
  for (const { request, answer } of included) {
    const key = request.topicId !== ZERO_TOPIC_ID ? request.topicId : (request.topic ?? '');
    if (last?.key !== key) {
      last = { key, entry: { topic: request.topic ?? '', topicId: request.topicId, partitions: [] } };
      topics.push(last.entry);
    }
    last.entry.partitions.push(answer.data);
  }
  return topics;
}

export const fetch = defineHandler<FetchRequest, FetchResponse>({
  key: 1,
  minVersion: 4,
  // v13+ name topics by id (Java consumers need it to go past v12); v15+ fields are for followers.
  maxVersion: 17,
  async handle(ctx: RequestContext, req: FetchRequest) {
    const cluster = ctx.cluster;
    const version = ctx.apiVersion;
    const sessions = cluster.fetchSessions;
    // Before v7 there are no session fields: every fetch is sessionless.
    const meta = version >= SESSIONS_FETCH_VERSION ? req : { sessionId: 0, sessionEpoch: -1 };
    const resolveName = (id: string): string | null => cluster.topics.byId.get(id)?.name ?? null;
    const context = newFetchContext(sessions, version, meta, requestedPartitions(cluster, version, req),
      forgottenPartitions(cluster, version, req), resolveName, Date.now());
    const base = { throttleTimeMs: 0, nodeEndpoints: [] };
    const replicaId = version >= 15 ? req.replicaState.replicaId : req.replicaId;
    const metadataPartition = cluster.replication && req.topics[0]?.topic === METADATA_TOPIC ? req.topics[0].partitions[0] : undefined;
    if (metadataPartition && cluster.replication) {
      // A peer following the controller (docs/CLUSTER.md): the metadata image instead of a log read.
      const data = cluster.replication.metadataFetchAnswer(replicaId, metadataPartition.fetchOffset, metadataPartition.currentLeaderEpoch);
      return { ...base, errorCode: 0, sessionId: 0, responses: [{ topic: METADATA_TOPIC, topicId: req.topics[0]!.topicId, partitions: [data] }] };
    }
    if (context.kind === 'error') return { ...base, errorCode: context.errorCode, sessionId: 0, responses: [] };
    let lease = cluster.readBuffers.lease();
    const opts = { version, isolationLevel: req.isolationLevel, maxBytes: req.maxBytes, replicaId, readable: (topic: string) => topicAuthorized(ctx, Op.READ, topic) };
    let outcome = readPartitions(cluster, context.partitions, { ...opts, alloc: lease.alloc });
    if (!outcome.readError && outcome.bytes < req.minBytes && req.maxWaitMs > 0 && outcome.waitKeys.length > 0) {
      await cluster.watchers.wait(outcome.waitKeys, req.minBytes - outcome.bytes, req.maxWaitMs);
      // What was read before the wait is not sent: read again into fresh buffers.
      lease.release();
      lease = cluster.readBuffers.lease();
      outcome = readPartitions(cluster, context.partitions, { ...opts, alloc: lease.alloc });
    }
    ctx.afterResponse(lease.release);
    cluster.throughput.recordFetch(outcome.bytes);
    const done = completeFetch(sessions, context, outcome.answers, Date.now());
    return { ...base, errorCode: done.errorCode, sessionId: done.sessionId, responses: groupByTopic(done.included) };
  },
});
