/**
 * Replays a cluster image into this broker: creates, grows and deletes local topics to match it (with the
 * image's topic ids and configs) and keeps one PartitionReplica per partition this broker holds a replica of.
 * A replica that becomes a follower truncates to its high watermark before fetching from the new leader
 * (the divergent-tail rule this engine uses, see docs/CLUSTER.md); a new leader starts from its own log end.
 */
import { isInternalTopic } from '../cluster/topic-names.js';
import { PartitionReplica } from './partition-replicas.js';
import type { Cluster } from '../cluster/cluster.js';
import type { ClusterImage } from './image.js';
import type { AlterPartitionRequest, AlterPartitionResponse } from '../../src-protocol/generated/56-alter-partition.js';

export class ReplicaRoles {
  private readonly replicas = new Map<string, PartitionReplica>();

  constructor(private readonly cluster: Cluster, private readonly image: () => ClusterImage) {}

  private key(topic: string, partition: number): string {
    return `${topic}\0${partition}`;
  }

  get(topic: string, partition: number): PartitionReplica | undefined {
    return this.replicas.get(this.key(topic, partition));
  }

  /** `removeMissing`: topics absent from the image are deleted (not at start-up, before the controller spoke). */
  apply(image: ClusterImage, removeMissing: boolean): void {
    const cluster = this.cluster;
    const now = Date.now();
    const self = cluster.nodeId;
    for (const [name, t] of Object.entries(image.topics)) {
      let topic = cluster.topic(name);
      if (topic && topic.topicId !== t.topicId) {
        cluster.deleteTopic(name);
        topic = undefined;
      }
      if (!topic) {
        topic = cluster.topics.create(name, t.partitions.length, new Map(Object.entries(t.configs)), t.topicId);
        cluster.events.publish({ type: 'topic-created', topic: name, topicId: t.topicId, partitions: t.partitions.length });
      } else if (topic.partitions.length < t.partitions.length) {
        cluster.addPartitions(name, t.partitions.length);
      }
      t.partitions.forEach((p, index) => {
        const partition = topic.partitions[index]!;
        const key = this.key(name, index);
        if (!p.replicas.includes(self)) {
          this.replicas.get(key)?.failWaiters(6);
          this.replicas.delete(key);
          return;
        }
        let replica = this.replicas.get(key);
        if (!replica) {
          partition.log.setHighWatermark(partition.log.checkpointedHighWatermark ?? 0);
          replica = new PartitionReplica(partition, self, p, now, () => cluster.watchers.notifyAppend(partition.key, 0));
          partition.leaderEpoch = p.leaderEpoch;
          this.replicas.set(key, replica);
          // A leader's HW is what its followers confirm. A follower keeps its log: its first fetch tells it where
          // the leader's log diverges from it (the diverging epoch), and it truncates only that far.
          if (replica.isLeader) replica.advanceHighWatermark();
          return;
        }
        replica.update(p, now);
        cluster.watchers.wakePartition(partition.key);
      });
    }
    if (!removeMissing) return;
    for (const name of [...cluster.topics.byName.keys()]) {
      if (!image.topics[name] && !isInternalTopic(name)) {
        for (const [key, r] of this.replicas) if (r.partition.topic.name === name) this.replicas.delete(key);
        cluster.deleteTopic(name);
      }
    }
  }

  /** Leaders the local followers fetch from. */
  followedLeaders(): Set<number> {
    const out = new Set<number>();
    for (const r of this.replicas.values()) if (!r.isLeader && r.image.leader !== -1) out.add(r.image.leader);
    return out;
  }

  followingOf(leaderId: number): PartitionReplica[] {
    return [...this.replicas.values()].filter((r) => !r.isLeader && r.image.leader === leaderId);
  }

  /** Leaders ask the controller for ISR changes (one request in flight per partition). */
  async maintainIsr(now: number, lagMaxMs: number, send: (req: AlterPartitionRequest) => Promise<AlterPartitionResponse>): Promise<void> {
    const self = this.cluster.nodeId;
    const brokerEpoch = this.image().brokers[self]?.epoch ?? -1;
    const wanted: { replica: PartitionReplica; isr: number[] }[] = [];
    for (const r of this.replicas.values()) {
      if (!r.isLeader || r.alterInFlight) continue;
      const isr = r.wantedIsr(now, lagMaxMs);
      if (isr) wanted.push({ replica: r, isr });
    }
    if (wanted.length === 0) return;
    for (const w of wanted) w.replica.alterInFlight = true;
    try {
      const res = await send({
        brokerId: self, brokerEpoch,
        topics: wanted.map((w) => ({
          topicName: w.replica.partition.topic.name, topicId: w.replica.partition.topic.topicId,
          partitions: [{ partitionIndex: w.replica.partition.index, leaderEpoch: w.replica.image.leaderEpoch, newIsr: w.isr,
            newIsrWithEpochs: w.isr.map((b) => ({ brokerId: b, brokerEpoch: this.image().brokers[b]?.epoch ?? -1 })),
            leaderRecoveryState: 0, partitionEpoch: w.replica.image.partitionEpoch }],
        })),
      });
      for (const t of res.topics) {
        for (const p of t.partitions) {
          const name = t.topicName || this.cluster.topics.byId.get(t.topicId)?.name || '';
          const replica = this.get(name, p.partitionIndex);
          if (replica && p.errorCode === 0 && p.partitionEpoch > replica.image.partitionEpoch) {
            replica.update({ ...replica.image, isr: p.isr, partitionEpoch: p.partitionEpoch }, now);
          }
        }
      }
    } catch (err) {
      this.cluster.log.debug(`AlterPartition failed: ${(err as Error).message}`);
    } finally {
      for (const w of wanted) w.replica.alterInFlight = false;
    }
  }

  failAll(): void {
    for (const r of this.replicas.values()) r.failWaiters(6);
  }
}
