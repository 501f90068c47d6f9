/**
 * ConsumerGroupHeartbeat (68): the KIP-848 consumer protocol — join, heartbeat, reconcile, leave in one
 * API. v1 (Kafka 4.0, KIP-1082) adds regex subscriptions and requires the client to choose its member id.
 */
import { defineHandler } from '../server/handler.js';
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from '../../src-protocol/generated/68-consumer-group-heartbeat.js';
import { groupAuthorized, Op } from '../security/authz.js';

export const consumerGroupHeartbeat = defineHandler<ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse>({
  key: 68,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, req) {
    const gc = ctx.cluster.groups;
    if (!groupAuthorized(ctx, Op.READ, req.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, errorMessage: null, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
    }
    if (!gc.isLoaded) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, errorMessage: null, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
    }
    const out = gc.consumer.heartbeat({
      groupId: req.groupId,
      memberId: req.memberId,
      memberEpoch: req.memberEpoch,
      instanceId: req.instanceId,
      rackId: req.rackId,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      subscribedTopicNames: req.subscribedTopicNames,
      subscribedTopicRegex: ctx.apiVersion >= 1 ? req.subscribedTopicRegex : null,
      serverAssignor: req.serverAssignor,
      topicPartitions: req.topicPartitions,
      clientId: ctx.clientId ?? '',
      clientHost: `/${ctx.connection.remoteAddress}`,
      apiVersion: ctx.apiVersion,
    });
    return {
      throttleTimeMs: 0,
      errorCode: out.errorCode,
      errorMessage: out.errorMessage,
      memberId: out.memberId,
      memberEpoch: out.memberEpoch,
      heartbeatIntervalMs: out.heartbeatIntervalMs,
      assignment: out.assignment === null ? null : { topicPartitions: out.assignment },
    };
  },
});
