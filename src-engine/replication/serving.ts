/**
 * What the client-facing APIs ask of replication, kept here so their handlers change little: who may take a
 * produce or serve a fetch (NOT_LEADER_OR_FOLLOWER), min.insync.replicas (NOT_ENOUGH_REPLICAS[_AFTER_APPEND]),
 * acks=all waiting for the high watermark, followers' fetch positions, and the brokers and partition states
 * Metadata reports. Partitions outside the cluster image (single broker, local internal topics) pass through.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import type { PartitionReplica } from './partition-replicas.js';

export interface Refusal {
  errorCode: number;
  message: string;
}

function replicaOf(cluster: Cluster, partition: PartitionState): PartitionReplica | undefined {
  return cluster.replication?.replicaOf(partition.topic.name, partition.index);
}

function minInsync(cluster: Cluster, partition: PartitionState): number {
  return cluster.topicConfig(partition.topic).minInsyncReplicas ?? 1;
}

/** Before appending: this broker must lead the partition; acks=all needs min.insync.replicas in the ISR. */
export function produceRefusal(cluster: Cluster, partition: PartitionState, acks: number): Refusal | null {
  const replication = cluster.replication;
  if (!replication) return null;
  const replica = replicaOf(cluster, partition);
  if (!replica) {
    return replication.image.topics[partition.topic.name] && !partition.topic.isInternal
      ? { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, message: `broker ${cluster.nodeId} holds no replica of ${partition.topic.name}-${partition.index}` }
      : null;
  }
  if (!replication.ready || !replica.isLeader) {
    return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, message: `broker ${cluster.nodeId} is not the leader of ${partition.topic.name}-${partition.index}` };
  }
  const min = minInsync(cluster, partition);
  if (acks === -1 && replica.image.isr.length < min) {
    return { errorCode: ErrorCode.NOT_ENOUGH_REPLICAS, message: `The size of the current ISR [${replica.image.isr.join(', ')}] is insufficient to satisfy the min.isr requirement of ${min} for partition ${partition.topic.name}-${partition.index}` };
  }
  return null;
}

/** After appending: the leader's HW may move at once (ISR of one); acks=all waits for the ISR. Null: answer now. */
export function awaitReplication(cluster: Cluster, partition: PartitionState, lastOffset: number, acks: number, timeoutMs: number): Promise<Refusal | null> | null {
  const replica = replicaOf(cluster, partition);
  if (!replica) return null;
  replica.advanceHighWatermark();
  if (acks !== -1) return null;
  return replica.awaitHighWatermark(lastOffset, timeoutMs).then((code) => {
    if (code !== ErrorCode.NONE) return { errorCode: code, message: `not replicated to the ISR: ${code}` };
    const min = minInsync(cluster, partition);
    if (replica.image.isr.length < min) {
      return { errorCode: ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, message: `ISR shrank below min.insync.replicas ${min} after the append` };
    }
    return null;
  });
}

/** NONE when this broker leads the partition (always, on a single node), else NOT_LEADER_OR_FOLLOWER. */
export function leaderAccess(cluster: Cluster, partition: PartitionState): number {
  const replication = cluster.replication;
  const replica = replication ? replicaOf(cluster, partition) : undefined;
  if (!replication || !replica) {
    const inImage = replication?.image.topics[partition.topic.name] !== undefined;
    return inImage ? ErrorCode.NOT_LEADER_OR_FOLLOWER : ErrorCode.NONE;
  }
  return replication.ready && replica.isLeader ? ErrorCode.NONE : ErrorCode.NOT_LEADER_OR_FOLLOWER;
}

/**
 * Fetch: consumers read only from the leader; a follower's fetch (replica_id >= 0) records its position. Returns
 * the error code to answer with (NONE to serve), and whether to read up to the log end (followers) or the HW.
 */
export function fetchAccess(cluster: Cluster, partition: PartitionState, replicaId: number, fetchOffset: number): { errorCode: number; toLogEnd: boolean } {
  const errorCode = leaderAccess(cluster, partition);
  const replica = cluster.replication ? replicaOf(cluster, partition) : undefined;
  if (errorCode !== ErrorCode.NONE || !replica) return { errorCode, toLogEnd: false };
  if (replicaId >= 0) {
    replica.onFollowerFetch(replicaId, fetchOffset, Date.now());
    return { errorCode: ErrorCode.NONE, toLogEnd: true };
  }
  return { errorCode: ErrorCode.NONE, toLogEnd: false };
}

export interface PartitionView {
  errorCode: number;
  leaderId: number;
  leaderEpoch: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}

/** A partition as Metadata shows it from the image (null: not a replicated partition). */
export function partitionView(cluster: Cluster, topic: string, index: number): PartitionView | null {
  const image = cluster.replication?.image;
  const p = image?.topics[topic]?.partitions[index];
  if (!image || !p) return null;
  const offline = p.replicas.filter((r) => image.brokers[r]?.fenced !== false);
  return {
    errorCode: p.leader === -1 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
    leaderId: p.leader, leaderEpoch: p.leaderEpoch, replicaNodes: [...p.replicas], isrNodes: [...p.isr], offlineReplicas: offline,
  };
}

/** The brokers clients may use (registered, not fenced) and the controller; null for a single broker. */
export function brokersView(cluster: Cluster): { brokers: { nodeId: number; host: string; port: number }[]; controllerId: number } | null {
  const image = cluster.replication?.image;
  if (!image) return null;
  const brokers = Object.entries(image.brokers).filter(([, b]) => !b.fenced).map(([id, b]) => ({ nodeId: Number(id), host: b.host, port: b.port }));
  if (!brokers.some((b) => b.nodeId === cluster.nodeId)) brokers.push({ nodeId: cluster.nodeId, host: cluster.advertisedHost, port: cluster.advertisedPort });
  return { brokers: brokers.sort((a, b) => a.nodeId - b.nodeId), controllerId: image.controllerId };
}

/** Where groups and transactions are coordinated: this broker alone, or a cluster's controller (null: none yet). */
export function coordinatorNode(cluster: Cluster): { nodeId: number; host: string; port: number } | null {
  const image = cluster.replication?.image;
  if (!image) return { nodeId: cluster.nodeId, host: cluster.advertisedHost, port: cluster.advertisedPort };
  const controller = image.brokers[image.controllerId];
  return controller ? { nodeId: image.controllerId, host: controller.host, port: controller.port } : null;
}
