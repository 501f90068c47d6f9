/**
 * The active controller's state machine over the cluster image: broker registration and liveness (a broker that
 * stops fetching metadata for `broker.session.timeout.ms` is fenced), leader election preferring the ISR
 * (unclean only when the topic allows it), topic creation with replica placement, and AlterPartition. Every
 * change bumps the image version and is persisted before anyone sees it.
 */
import { ErrorCode } from '../../src-protocol/error-codes.js';
import { KafkaError } from '../../src-protocol/kafka-error.js';
import { newTopicId } from '../cluster/topics.js';
import type { ClusterImage, PartitionImage } from './image.js';
import type { ClusterMembership } from './membership.js';

export interface ControllerEvent {
  type: 'broker-fenced' | 'broker-unfenced' | 'leader-elected' | 'isr-changed' | 'controller-elected';
  detail: string;
}

export interface ControllerHost {
  readonly membership: ClusterMembership;
  readonly sessionTimeoutMs: number;
  uncleanElection(topic: string): boolean;
  /** Persists and publishes a new image version. */
  commit(image: ClusterImage, events: ControllerEvent[]): void;
}

export interface NewTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  assignments: number[][];
  configs: Record<string, string>;
}

export class Controller {
  private readonly lastSeen = new Map<number, number>();

  constructor(private image: ClusterImage, private readonly host: ControllerHost, now: number) {
    // A new controller gives every broker a full session to find it before fencing anyone.
    for (const m of host.membership.members) this.lastSeen.set(m.nodeId, now);
  }

  get current(): ClusterImage {
    return this.image;
  }

  private liveBrokers(): number[] {
    return Object.entries(this.image.brokers).filter(([, b]) => !b.fenced).map(([id]) => Number(id)).sort((a, b) => a - b);
  }

  private change(mutate: (next: ClusterImage, events: ControllerEvent[]) => void): void {
    const next = structuredClone(this.image);
    const events: ControllerEvent[] = [];
    mutate(next, events);
    next.version = this.image.version + 1;
    this.image = next;
    this.host.commit(next, events);
  }

  /** A broker's metadata fetch doubles as its heartbeat; the first after a fence (re)registers it. */
  heartbeat(brokerId: number, now: number): void {
    const member = this.host.membership.members.find((m) => m.nodeId === brokerId);
    if (!member) return;
    this.lastSeen.set(brokerId, now);
    const known = this.image.brokers[brokerId];
    if (known && !known.fenced) return;
    this.change((next, events) => {
      next.brokers[brokerId] = { host: member.host, port: member.port, epoch: (known?.epoch ?? 0) + 1, fenced: false };
      events.push({ type: 'broker-unfenced', detail: `broker ${brokerId} registered (epoch ${next.brokers[brokerId]!.epoch})` });
      this.electOffline(next, events);
    });
  }

  /** Fences brokers whose session expired and moves leadership off them. */
  tick(now: number): void {
    const expired = this.liveBrokers().filter((id) => now - (this.lastSeen.get(id) ?? 0) > this.host.sessionTimeoutMs);
    if (expired.length === 0) return;
    this.change((next, events) => {
      for (const id of expired) {
        next.brokers[id]!.fenced = true;
        events.push({ type: 'broker-fenced', detail: `broker ${id} missed its session (${this.host.sessionTimeoutMs} ms)` });
      }
      const live = new Set(this.liveIn(next));
      for (const [name, topic] of Object.entries(next.topics)) {
        topic.partitions.forEach((p, index) => {
          const isr = p.isr.filter((r) => live.has(r));
          if (p.leader !== -1 && !live.has(p.leader)) {
            this.elect(name, index, p, isr, live, events, `leader ${p.leader} fenced`);
          } else if (isr.length !== p.isr.length && isr.length > 0) {
            p.isr = isr;
            p.partitionEpoch++;
            events.push({ type: 'isr-changed', detail: `${name}-${index} ISR ${isr.join(',')} (fenced replica removed)` });
          }
        });
      }
    });
  }

  private liveIn(image: ClusterImage): number[] {
    return Object.entries(image.brokers).filter(([, b]) => !b.fenced).map(([id]) => Number(id));
  }

  /** Chooses a leader: the first live ISR member in replica order; else unclean (any live replica) if allowed; else offline. */
  private elect(topic: string, index: number, p: PartitionImage, liveIsr: number[], live: Set<number>, events: ControllerEvent[], reason: string): void {
    const clean = p.replicas.find((r) => liveIsr.includes(r));
    const unclean = clean === undefined && this.host.uncleanElection(topic) ? p.replicas.find((r) => live.has(r)) : undefined;
    const leader = clean ?? unclean ?? -1;
    p.leader = leader;
    p.leaderEpoch++;
    p.partitionEpoch++;
    // KRaft keeps the last ISR member when nobody can lead, so a clean election is possible when it returns.
    if (clean !== undefined) p.isr = liveIsr;
    else if (unclean !== undefined) p.isr = [unclean];
    const how = clean !== undefined ? 'clean' : unclean !== undefined ? 'unclean' : 'none possible, offline';
    events.push({ type: 'leader-elected', detail: `${topic}-${index} leader ${leader} epoch ${p.leaderEpoch} (${reason}; ${how})` });
  }

  /** Partitions without a leader get one when a replica that may lead is live again. */
  private electOffline(next: ClusterImage, events: ControllerEvent[]): void {
    const live = new Set(this.liveIn(next));
    for (const [name, topic] of Object.entries(next.topics)) {
      topic.partitions.forEach((p, index) => {
        if (p.leader !== -1) return;
        const liveIsr = p.isr.filter((r) => live.has(r));
        if (liveIsr.length > 0 || (this.host.uncleanElection(name) && p.replicas.some((r) => live.has(r)))) {
          this.elect(name, index, p, liveIsr, live, events, 'replica returned');
        }
      });
    }
  }

  createTopic(t: NewTopic): string {
    if (this.image.topics[t.name]) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${t.name}' already exists.`);
    const live = this.liveBrokers();
    const members = new Set(this.host.membership.members.map((m) => m.nodeId));
    let assignments = t.assignments;
    if (assignments.length > 0) {
      for (const [i, a] of assignments.entries()) {
        const unknown = a.find((id) => !members.has(id));
        if (unknown !== undefined) throw new KafkaError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Replica assignment for partition ${i} names broker ${unknown}, which is not registered.`);
      }
    } else {
      if (t.replicationFactor > live.length) {
        throw new KafkaError(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${t.replicationFactor} time(s): The target replication factor of ${t.replicationFactor} cannot be reached because only ${live.length} broker(s) are registered.`);
      }
      // Kafka's rack-unaware placement: round-robin with a per-topic random start.
      const start = Math.floor(Math.random() * live.length);
      assignments = Array.from({ length: t.partitions }, (_, p) =>
        Array.from({ length: t.replicationFactor }, (_, r) => live[(start + p + r) % live.length]!));
    }
    const topicId = newTopicId();
    const liveSet = new Set(live);
    this.change((next, events) => {
      next.topics[t.name] = {
        topicId,
        configs: t.configs,
        partitions: assignments.map((replicas, index) => {
          const isr = replicas.filter((r) => liveSet.has(r));
          const leader = isr[0] ?? -1;
          events.push({ type: 'leader-elected', detail: `${t.name}-${index} leader ${leader} epoch 0 (topic created)` });
          return { replicas: [...replicas], isr: isr.length > 0 ? isr : [...replicas], leader, leaderEpoch: 0, partitionEpoch: 0 };
        }),
      };
    });
    return topicId;
  }

  deleteTopic(name: string): void {
    if (!this.image.topics[name]) throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`);
    this.change((next) => {
      delete next.topics[name];
    });
  }

  /** AlterPartition from a leader: a new ISR at the leader's current leader and partition epochs. */
  alterPartition(brokerId: number, topic: string, index: number, leaderEpoch: number, partitionEpoch: number, newIsr: number[]): { errorCode: number; partition?: PartitionImage } {
    const p = this.image.topics[topic]?.partitions[index];
    if (!p) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
    if (p.leader !== brokerId) return { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
    if (leaderEpoch < p.leaderEpoch) return { errorCode: ErrorCode.FENCED_LEADER_EPOCH };
    if (partitionEpoch !== p.partitionEpoch) return { errorCode: ErrorCode.INVALID_UPDATE_VERSION };
    const live = new Set(this.liveBrokers());
    if (newIsr.some((r) => !p.replicas.includes(r) || !live.has(r)) || !newIsr.includes(brokerId)) return { errorCode: ErrorCode.INELIGIBLE_REPLICA };
    this.change((next, events) => {
      const q = next.topics[topic]!.partitions[index]!;
      q.isr = [...newIsr];
      q.partitionEpoch++;
      events.push({ type: 'isr-changed', detail: `${topic}-${index} ISR ${newIsr.join(',')} (AlterPartition from ${brokerId})` });
    });
    return { errorCode: ErrorCode.NONE, partition: this.image.topics[topic]!.partitions[index]! };
  }
}
