/** CreateTopics (19): partitions, configs, validate_only; one broker, so replication factor must be 1. */
import { defineHandler, type RequestContext } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { topicNameProblem } from '../cluster/topic-names.js';
import { validateTopicConfigs } from '../cluster/log-settings.js';
import { describeTopicConfigs } from '../config/topic-config.js';
import { clusterBrokerLayers } from '../config/cluster-configs.js';
import type {
  CreateTopicsRequest,
  CreateTopicsRequestCreatableTopic,
  CreateTopicsResponse,
  CreateTopicsResponseCreatableTopicResult,
} from '../../src-protocol/generated/19-create-topics.js';
import { clusterAuthorized, Op, topicAuthorized } from '../security/authz.js';

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

interface Plan {
  partitions: number;
  replicationFactor: number;
  assignments: number[][];
  configs: Map<string, string>;
}

/** Checks one topic the way Kafka's controller does; throws KafkaError with Kafka's messages. */
function plan(ctx: RequestContext, t: CreateTopicsRequestCreatableTopic): Plan {
  const cluster = ctx.cluster;
  const nameProblem = topicNameProblem(t.name);
  if (nameProblem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
  if (cluster.topic(t.name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${t.name}' already exists.`);
  let partitions = t.numPartitions;
  let rf = 1;
  if (t.assignments.length > 0) {
    if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
      throw new KafkaError(ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
    }
    for (const a of t.assignments) {
      // Kafka: "Duplicate brokers not allowed in replica assignment" (INVALID_REPLICA_ASSIGNMENT).
      if (new Set(a.brokerIds).size !== a.brokerIds.length) {
        throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Duplicate brokers not allowed in replica assignment: ${a.brokerIds.join(', ')} for partition id ${a.partitionIndex}.`);
      }
      if (!cluster.replication && a.brokerIds.some((id) => id !== cluster.nodeId)) {
        throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Replica assignment for partition ${a.partitionIndex} names brokers other than ${cluster.nodeId}.`);
      }
    }
    partitions = t.assignments.length;
  } else {
    if (partitions === -1) partitions = cluster.options.numPartitions;
    if (partitions <= 0) throw new KafkaError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.');
    rf = t.replicationFactor === -1 ? Number(cluster.brokerConfigsInForce.get('default.replication.factor') ?? 1) : t.replicationFactor;
    if (rf <= 0) throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0, or -1 to use the default value.');
    if (rf > 1 && !cluster.replication) throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only 1 broker(s) are registered.`);
  }
  const configs = new Map<string, string>();
  for (const c of t.configs) {
    if (c.value === null) throw new KafkaError(ErrorCode.INVALID_CONFIG, `Null value not supported for topic configs: ${c.name}`);
    configs.set(c.name, c.value);
  }
  const problem = validateTopicConfigs(configs);
  if (problem) throw new KafkaError(ErrorCode.INVALID_CONFIG, problem);
  const assignments = [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds);
  if (assignments.length > 0) rf = assignments[0]!.length;
  return { partitions, replicationFactor: rf, assignments, configs };
}

export const createTopics = defineHandler<CreateTopicsRequest, CreateTopicsResponse>({
  key: 19,
  minVersion: 0,
  maxVersion: 7,
  handle(ctx, req) {
    const clusterCreate = clusterAuthorized(ctx, Op.CREATE);
    const seen = new Map<string, number>();
    for (const t of req.topics) seen.set(t.name, (seen.get(t.name) ?? 0) + 1);
    const results: CreateTopicsResponseCreatableTopicResult[] = req.topics.map((t) => {
      const result: CreateTopicsResponseCreatableTopicResult = {
        name: t.name,
        topicId: ZERO_UUID,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        topicConfigErrorCode: ErrorCode.NONE,
        numPartitions: -1,
        replicationFactor: -1,
        configs: [],
      };
      if ((seen.get(t.name) ?? 0) > 1) {
        result.errorCode = ErrorCode.INVALID_REQUEST;
        result.errorMessage = `Found multiple entries for topic ${t.name}.`;
        return result;
      }
      if (!clusterCreate && !topicAuthorized(ctx, Op.CREATE, t.name)) {
        result.errorCode = ErrorCode.TOPIC_AUTHORIZATION_FAILED;
        result.errorMessage = 'Authorization failed.';
        return result;
      }
      try {
        const p = plan(ctx, t);
        result.numPartitions = p.partitions;
        result.replicationFactor = p.replicationFactor;
        const replication = ctx.cluster.replication;
        if (req.validateOnly) {
          // nothing to create
        } else if (replication) {
          result.topicId = replication.createTopic({ name: t.name, partitions: p.partitions, replicationFactor: p.replicationFactor,
            assignments: p.assignments, configs: Object.fromEntries(p.configs) });
        } else {
          result.topicId = ctx.cluster.createTopic(t.name, p.partitions, p.configs).topicId;
        }
        // v5+: the new topic's configs with their sources, as Kafka returns them.
        if (ctx.apiVersion >= 5) {
          result.configs = describeTopicConfigs(Object.fromEntries(p.configs), clusterBrokerLayers(ctx.cluster)).map((c) => ({
            name: c.name, value: c.sensitive ? null : c.value, readOnly: c.readOnly, configSource: c.source, isSensitive: c.sensitive,
          }));
        }
      } catch (err) {
        result.errorCode = err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
        result.errorMessage = err instanceof Error ? err.message : String(err);
      }
      return result;
    });
    return { throttleTimeMs: 0, topics: results };
  },
});
