/**
 * In-memory committed offsets per group (group -> topic -> partition). The durable copy is the
 * `__consumer_offsets` log; this map is rebuilt from it on start-up.
 */
import type { CommittedOffset } from './offsets-topic-records.js';

export type TopicOffsets = Map<number, CommittedOffset>;

export class OffsetStore {
  private readonly byGroup = new Map<string, Map<string, TopicOffsets>>();

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.byGroup.get(group)?.get(topic)?.get(partition);
  }

  set(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let topics = this.byGroup.get(group);
    if (!topics) this.byGroup.set(group, (topics = new Map()));
    let parts = topics.get(topic);
    if (!parts) topics.set(topic, (parts = new Map()));
    parts.set(partition, value);
  }

  delete(group: string, topic: string, partition: number): boolean {
    const topics = this.byGroup.get(group);
    const parts = topics?.get(topic);
    if (!topics || !parts || !parts.delete(partition)) return false;
    if (parts.size === 0) topics.delete(topic);
    if (topics.size === 0) this.byGroup.delete(group);
    return true;
  }

  /** Removes all of a group's offsets, returning what was removed. */
  deleteGroup(group: string): { topic: string; partition: number }[] {
    const out = this.list(group).map(({ topic, partition }) => ({ topic, partition }));
    this.byGroup.delete(group);
    return out;
  }

  topics(group: string): ReadonlyMap<string, TopicOffsets> | undefined {
    return this.byGroup.get(group);
  }

  hasOffsets(group: string): boolean {
    return this.byGroup.has(group);
  }

  groups(): IterableIterator<string> {
    return this.byGroup.keys();
  }

  list(group: string): { topic: string; partition: number; value: CommittedOffset }[] {
    const out: { topic: string; partition: number; value: CommittedOffset }[] = [];
    for (const [topic, parts] of this.byGroup.get(group) ?? []) {
      for (const [partition, value] of parts) out.push({ topic, partition, value });
    }
    return out;
  }
}
