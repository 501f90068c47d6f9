/**
 * Metadata (3): this single broker leads every partition. Auto-creates requested topics when
 * allowed (v4+ lets the client say no). v0 sends an empty list for "all topics"; v1+ sends null.
 */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { topicNameProblem } from '../cluster/topic-names.js';
import type { TopicState } from '../cluster/topics.js';
import { authorizedOperations, canDescribeTopic, clusterAuthorized, Op, Resource, topicAuthorized } from '../security/authz.js';
import { CLUSTER_RESOURCE_NAME } from '../../src-common/security/acl-rules.js';
import { brokersView, partitionView } from '../replication/serving.js';
import type {
  MetadataRequest,
  MetadataResponse,
  MetadataResponseMetadataResponseTopic,
} from '../../src-protocol/generated/03-metadata.js';

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export function topicMetadata(ctx: RequestContext, topic: TopicState): MetadataResponseMetadataResponseTopic {
  const nodeId = ctx.cluster.nodeId;
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.topicId,
    isInternal: topic.isInternal,
    partitions: topic.partitions.map((p) => ({ partitionIndex: p.index, ...(partitionView(ctx.cluster, topic.name, p.index) ?? {
      errorCode: ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: nodeId,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [nodeId],
      isrNodes: [nodeId],
      offlineReplicas: [],
    }) })),
    topicAuthorizedOperations: -2147483648,
  };
}

function errorTopic(name: string | null, topicId: string, errorCode: number): MetadataResponseMetadataResponseTopic {
  return { errorCode, name, topicId, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 };
}

function lookup(ctx: RequestContext, name: string | null, topicId: string, allowCreate: boolean): MetadataResponseMetadataResponseTopic {
  const cluster = ctx.cluster;
  if (name === null || name === '') {
    const byId = cluster.topics.byId.get(topicId);
    if (byId && !canDescribeTopic(ctx, byId.name)) return errorTopic(null, topicId, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    return byId ? topicMetadata(ctx, byId) : errorTopic(null, topicId, ErrorCode.UNKNOWN_TOPIC_ID);
  }
  // Kafka answers TOPIC_AUTHORIZATION_FAILED whether or not the topic exists, so its existence is not revealed.
  if (!canDescribeTopic(ctx, name)) return errorTopic(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  const existing = cluster.topic(name);
  if (existing) return topicMetadata(ctx, existing);
  if (topicNameProblem(name)) return errorTopic(name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  if (!allowCreate || !cluster.options.autoCreateTopics) return errorTopic(name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  // Auto-creation needs CREATE on the cluster or the topic.
  if (!clusterAuthorized(ctx, Op.CREATE) && !topicAuthorized(ctx, Op.CREATE, name)) return errorTopic(name, ZERO_UUID, ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  try {
    // Kafka answers the creating request with LEADER_NOT_AVAILABLE while it elects a leader; here the
    // leader exists at once, so answer with the topic and spare clients a metadata retry (~1 s in librdkafka).
    return topicMetadata(ctx, cluster.autoCreateTopic(name));
  } catch (err) {
    return errorTopic(name, ZERO_UUID, err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR);
  }
}

export const metadata = defineHandler<MetadataRequest, MetadataResponse>({
  key: 3,
  minVersion: 0,
  maxVersion: 12,
  handle(ctx, req) {
    const cluster = ctx.cluster;
    const all = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
    // Before v4 there was no flag: auto-creation followed the broker setting alone.
    const allowCreate = ctx.apiVersion < 4 || req.allowAutoTopicCreation;
    const topics = all
      ? [...cluster.topics.byName.values()].filter((t) => canDescribeTopic(ctx, t.name)).map((t) => topicMetadata(ctx, t))
      : req.topics!.map((t) => lookup(ctx, t.name, t.topicId, allowCreate));
    // KIP-430: every answered topic carries what the principal may do on it, when asked (v8+).
    if (ctx.apiVersion >= 8 && req.includeTopicAuthorizedOperations) {
      for (const t of topics) if (t.name !== null) t.topicAuthorizedOperations = authorizedOperations(ctx, true, Resource.TOPIC, t.name);
    }
    const replicated = brokersView(cluster);
    return {
      throttleTimeMs: 0,
      brokers: replicated
        ? replicated.brokers.map((b) => ({ ...b, rack: null }))
        : [{ nodeId: cluster.nodeId, ...cluster.advertisedFor(ctx.connection.listener), rack: null }],
      clusterId: cluster.clusterId,
      controllerId: replicated ? replicated.controllerId : cluster.nodeId,
      topics,
      clusterAuthorizedOperations: authorizedOperations(ctx, ctx.apiVersion >= 8 && ctx.apiVersion <= 10 && req.includeClusterAuthorizedOperations,
        Resource.CLUSTER, CLUSTER_RESOURCE_NAME),
    };
  },
});
