/**
 * The state of one consumer-protocol group (Kafka's ConsumerGroup): the group epoch (bumped when
 * members or subscriptions or the subscribed topics change), the target assignment and its epoch,
 * the members, and which member epoch owns each partition right now.
 */
import type { Assignment } from './assignment.js';
import { KafkaHashOrder } from './kafka-hash-order.js';
import { MemberState, type ConsumerMember } from './member.js';

export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable';

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ConsumerMember>();
  /** instance id -> member id of static members. */
  readonly staticMembers = new Map<string, string>();
  readonly targetAssignment = new Map<string, Assignment>();
  /** Partition counts of the subscribed topics when the group epoch was last bumped (topic name -> [id, count]). */
  subscriptionMetadata = new Map<string, { topicId: string; partitions: number }>();
  /** "topicId:partition" -> the epoch of the member that holds it (assigned or being revoked). */
  /** Kafka's iteration order of its members map (see kafka-hash-order.ts). */
  private readonly order = new KafkaHashOrder();
  private readonly partitionOwners = new Map<string, { memberId: string; epoch: number }>();

  constructor(readonly groupId: string) {}

  get state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      if (m.memberEpoch !== this.assignmentEpoch || m.state !== MemberState.STABLE) return 'Reconciling';
    }
    return 'Stable';
  }

  /** Members in Kafka's order. */
  orderedMembers(): ConsumerMember[] {
    return this.order.keys().flatMap((id) => {
      const m = this.members.get(id);
      return m ? [m] : [];
    });
  }

  partitionEpoch(topicId: string, partition: number): number {
    return this.partitionOwners.get(`${topicId}:${partition}`)?.epoch ?? -1;
  }

  staticMember(instanceId: string): ConsumerMember | undefined {
    const id = this.staticMembers.get(instanceId);
    return id === undefined ? undefined : this.members.get(id);
  }

  /** Adds a member (or re-indexes one after `update`), keeping the partition owners and static ids right. */
  putMember(member: ConsumerMember): void {
    this.members.set(member.memberId, member);
    this.order.add(member.memberId);
    if (member.instanceId !== null) this.staticMembers.set(member.instanceId, member.memberId);
    for (const a of [member.assigned, member.pendingRevocation]) {
      for (const [t, ps] of a) for (const p of ps) this.partitionOwners.set(`${t}:${p}`, { memberId: member.memberId, epoch: member.memberEpoch });
    }
  }

  /** Changes a member's epoch or partitions through `change`, re-indexing what it owns. */
  update(member: ConsumerMember, change: () => void): void {
    this.releasePartitions(member);
    change();
    this.putMember(member);
  }

  removeMember(memberId: string): ConsumerMember | undefined {
    const m = this.members.get(memberId);
    if (!m) return undefined;
    this.releasePartitions(m);
    this.members.delete(memberId);
    this.order.remove(memberId);
    if (m.instanceId !== null && this.staticMembers.get(m.instanceId) === memberId) this.staticMembers.delete(m.instanceId);
    this.targetAssignment.delete(memberId);
    return m;
  }

  private releasePartitions(m: ConsumerMember): void {
    for (const a of [m.assigned, m.pendingRevocation]) {
      for (const [t, ps] of a) {
        for (const p of ps) {
          const key = `${t}:${p}`;
          if (this.partitionOwners.get(key)?.memberId === m.memberId) this.partitionOwners.delete(key);
        }
      }
    }
  }

  /** The most voted `group.remote.assignor` among members, or null (then the broker's default). */
  preferredAssignor(): string | null {
    const votes = new Map<string, number>();
    for (const m of this.members.values()) if (m.serverAssignor !== null) votes.set(m.serverAssignor, (votes.get(m.serverAssignor) ?? 0) + 1);
    let best: string | null = null;
    let bestVotes = 0;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    return best;
  }

  /** Topics each subscribed regex matches now (kept current by the coordinator on every heartbeat). */
  resolvedRegexes = new Map<string, string[]>();

  /** The topic names a member subscribes to, by name or through its regex. */
  memberTopics(m: ConsumerMember): string[] {
    const regexTopics = m.subscribedTopicRegex === null ? [] : (this.resolvedRegexes.get(m.subscribedTopicRegex) ?? []);
    return regexTopics.length === 0 ? m.subscribedTopicNames : [...new Set([...m.subscribedTopicNames, ...regexTopics])];
  }

  /** Every topic name some member subscribes to. */
  subscribedTopicNames(): Set<string> {
    const names = new Set<string>();
    for (const m of this.members.values()) for (const t of this.memberTopics(m)) names.add(t);
    return names;
  }
}
