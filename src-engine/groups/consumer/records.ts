/**
 * Kafka's `__consumer_offsets` records of consumer-protocol groups (key versions 3-8 of the
 * group coordinator's schemas): group epoch, subscribed-topic metadata, member metadata, target
 * assignment (epoch and per member) and each member's current assignment. A null value is a
 * tombstone. Replaying them in order rebuilds every group (see ConsumerGroupCoordinator.load).
 */
import { Reader } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { readConsumerGroupCurrentMemberAssignmentKey, writeConsumerGroupCurrentMemberAssignmentKey } from '../../../src-protocol/generated/internal/consumer-group-current-member-assignment-key.js';
import { readConsumerGroupCurrentMemberAssignmentValue, writeConsumerGroupCurrentMemberAssignmentValue, type ConsumerGroupCurrentMemberAssignmentValue } from '../../../src-protocol/generated/internal/consumer-group-current-member-assignment-value.js';
import { readConsumerGroupMemberMetadataKey, writeConsumerGroupMemberMetadataKey } from '../../../src-protocol/generated/internal/consumer-group-member-metadata-key.js';
import { readConsumerGroupMemberMetadataValue, writeConsumerGroupMemberMetadataValue, type ConsumerGroupMemberMetadataValue } from '../../../src-protocol/generated/internal/consumer-group-member-metadata-value.js';
import { readConsumerGroupMetadataKey, writeConsumerGroupMetadataKey } from '../../../src-protocol/generated/internal/consumer-group-metadata-key.js';
import { readConsumerGroupMetadataValue, writeConsumerGroupMetadataValue } from '../../../src-protocol/generated/internal/consumer-group-metadata-value.js';
import { readConsumerGroupPartitionMetadataKey, writeConsumerGroupPartitionMetadataKey } from '../../../src-protocol/generated/internal/consumer-group-partition-metadata-key.js';
import { readConsumerGroupPartitionMetadataValue, writeConsumerGroupPartitionMetadataValue, type ConsumerGroupPartitionMetadataValue } from '../../../src-protocol/generated/internal/consumer-group-partition-metadata-value.js';
import { readConsumerGroupTargetAssignmentMemberKey, writeConsumerGroupTargetAssignmentMemberKey } from '../../../src-protocol/generated/internal/consumer-group-target-assignment-member-key.js';
import { readConsumerGroupTargetAssignmentMemberValue, writeConsumerGroupTargetAssignmentMemberValue } from '../../../src-protocol/generated/internal/consumer-group-target-assignment-member-value.js';
import { readConsumerGroupTargetAssignmentMetadataKey, writeConsumerGroupTargetAssignmentMetadataKey } from '../../../src-protocol/generated/internal/consumer-group-target-assignment-metadata-key.js';
import { readConsumerGroupTargetAssignmentMetadataValue, writeConsumerGroupTargetAssignmentMetadataValue } from '../../../src-protocol/generated/internal/consumer-group-target-assignment-metadata-value.js';
import type { KeyValue } from '../offsets-topic-records.js';
import { toWire, type Assignment, type WireTopicPartitions } from './assignment.js';
import type { ConsumerGroup } from './consumer-group.js';
import type { ConsumerMember } from './member.js';

export const CONSUMER_GROUP_KEY_VERSIONS: ReadonlySet<number> = new Set([3, 4, 5, 6, 7, 8]);

function versioned(version: number, write: (w: Writer) => void): Buffer {
  const w = new Writer(64);
  w.int16(version);
  write(w);
  return w.toBuffer();
}

export function groupEpochRecord(groupId: string, epoch: number | null): KeyValue {
  return {
    key: versioned(3, (w) => writeConsumerGroupMetadataKey(w, 3, { groupId })),
    value: epoch === null ? null : versioned(0, (w) => writeConsumerGroupMetadataValue(w, 0, { epoch })),
  };
}

export function subscriptionMetadataRecord(group: ConsumerGroup | string, tombstone = false): KeyValue {
  const groupId = typeof group === 'string' ? group : group.groupId;
  const value: ConsumerGroupPartitionMetadataValue | null =
    tombstone || typeof group === 'string'
      ? null
      : { topics: [...group.subscriptionMetadata].map(([topicName, t]) => ({ topicId: t.topicId, topicName, numPartitions: t.partitions, partitionMetadata: [] })) };
  return {
    key: versioned(4, (w) => writeConsumerGroupPartitionMetadataKey(w, 4, { groupId })),
    value: value === null ? null : versioned(0, (w) => writeConsumerGroupPartitionMetadataValue(w, 0, value)),
  };
}

export function memberMetadataRecord(groupId: string, memberId: string, m: ConsumerMember | null): KeyValue {
  const value: ConsumerGroupMemberMetadataValue | null = m && {
    instanceId: m.instanceId,
    rackId: m.rackId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    subscribedTopicNames: m.subscribedTopicNames,
    subscribedTopicRegex: m.subscribedTopicRegex,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    serverAssignor: m.serverAssignor,
    classicMemberMetadata: m.classic && { sessionTimeoutMs: m.classic.sessionTimeoutMs, supportedProtocols: m.classic.protocols.map((x) => ({ name: x.name, metadata: x.metadata })) },
  };
  return {
    key: versioned(5, (w) => writeConsumerGroupMemberMetadataKey(w, 5, { groupId, memberId })),
    value: value === null ? null : versioned(0, (w) => writeConsumerGroupMemberMetadataValue(w, 0, value)),
  };
}

export function targetAssignmentEpochRecord(groupId: string, assignmentEpoch: number | null): KeyValue {
  return {
    key: versioned(6, (w) => writeConsumerGroupTargetAssignmentMetadataKey(w, 6, { groupId })),
    value: assignmentEpoch === null ? null : versioned(0, (w) => writeConsumerGroupTargetAssignmentMetadataValue(w, 0, { assignmentEpoch })),
  };
}

export function targetAssignmentRecord(groupId: string, memberId: string, target: Assignment | null): KeyValue {
  return {
    key: versioned(7, (w) => writeConsumerGroupTargetAssignmentMemberKey(w, 7, { groupId, memberId })),
    value: target === null ? null : versioned(0, (w) => writeConsumerGroupTargetAssignmentMemberValue(w, 0, { topicPartitions: toWire(target) })),
  };
}

export function currentAssignmentRecord(groupId: string, memberId: string, m: ConsumerMember | null): KeyValue {
  const value: ConsumerGroupCurrentMemberAssignmentValue | null = m && {
    memberEpoch: m.memberEpoch,
    previousMemberEpoch: m.previousMemberEpoch,
    state: m.state,
    assignedPartitions: toWire(m.assigned),
    partitionsPendingRevocation: toWire(m.pendingRevocation),
  };
  return {
    key: versioned(8, (w) => writeConsumerGroupCurrentMemberAssignmentKey(w, 8, { groupId, memberId })),
    value: value === null ? null : versioned(0, (w) => writeConsumerGroupCurrentMemberAssignmentValue(w, 0, value)),
  };
}

export type ConsumerGroupRecord =
  | { kind: 'epoch'; groupId: string; epoch: number | null }
  | { kind: 'subscription-metadata'; groupId: string; topics: { topicId: string; topicName: string; numPartitions: number }[] | null }
  | { kind: 'member'; groupId: string; memberId: string; value: ConsumerGroupMemberMetadataValue | null }
  | { kind: 'target-epoch'; groupId: string; assignmentEpoch: number | null }
  | { kind: 'target'; groupId: string; memberId: string; topicPartitions: WireTopicPartitions[] | null }
  | { kind: 'current'; groupId: string; memberId: string; value: ConsumerGroupCurrentMemberAssignmentValue | null };

/** Decodes a record whose key version is one of CONSUMER_GROUP_KEY_VERSIONS; throws on corrupt bytes. */
export function decodeConsumerGroupRecord(key: Buffer, value: Buffer | null): ConsumerGroupRecord {
  const kr = new Reader(key);
  const kv = kr.int16();
  const vr = value === null ? null : new Reader(value);
  const vv = vr === null ? 0 : vr.int16();
  switch (kv) {
    case 3: {
      const k = readConsumerGroupMetadataKey(kr, 3);
      return { kind: 'epoch', groupId: k.groupId, epoch: vr === null ? null : readConsumerGroupMetadataValue(vr, vv).epoch };
    }
    case 4: {
      const k = readConsumerGroupPartitionMetadataKey(kr, 4);
      return { kind: 'subscription-metadata', groupId: k.groupId, topics: vr === null ? null : readConsumerGroupPartitionMetadataValue(vr, vv).topics };
    }
    case 5: {
      const k = readConsumerGroupMemberMetadataKey(kr, 5);
      return { kind: 'member', groupId: k.groupId, memberId: k.memberId, value: vr === null ? null : readConsumerGroupMemberMetadataValue(vr, vv) };
    }
    case 6: {
      const k = readConsumerGroupTargetAssignmentMetadataKey(kr, 6);
      return { kind: 'target-epoch', groupId: k.groupId, assignmentEpoch: vr === null ? null : readConsumerGroupTargetAssignmentMetadataValue(vr, vv).assignmentEpoch };
    }
    case 7: {
      const k = readConsumerGroupTargetAssignmentMemberKey(kr, 7);
      return { kind: 'target', groupId: k.groupId, memberId: k.memberId, topicPartitions: vr === null ? null : readConsumerGroupTargetAssignmentMemberValue(vr, vv).topicPartitions };
    }
    case 8: {
      const k = readConsumerGroupCurrentMemberAssignmentKey(kr, 8);
      return { kind: 'current', groupId: k.groupId, memberId: k.memberId, value: vr === null ? null : readConsumerGroupCurrentMemberAssignmentValue(vr, vv) };
    }
    default:
      throw new Error(`key version ${kv} is not a consumer group record`);
  }
}
