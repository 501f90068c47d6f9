/** An in-memory CoordinatorHost for unit tests: records events and the __consumer_offsets log. */
import type { GroupEvent } from '../../../src-common/engine-events.js';
import type { CoordinatorHost } from '../../../src-engine/groups/host.js';
import type { KeyValue } from '../../../src-engine/groups/offsets-topic-records.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import { writeConsumerProtocolAssignment } from '../../../src-protocol/generated/data/consumer-protocol-assignment.js';
import { writeConsumerProtocolSubscription } from '../../../src-protocol/generated/data/consumer-protocol-subscription.js';

export class MemoryHost implements CoordinatorHost {
  readonly events: GroupEvent[] = [];
  readonly log = new Map<number, KeyValue[]>();
  readonly leo = new Map<string, number>();

  emit(event: GroupEvent): void {
    this.events.push(event);
  }
  appendOffsetsRecords(partition: number, records: readonly KeyValue[]): void {
    const l = this.log.get(partition) ?? [];
    l.push(...records);
    this.log.set(partition, l);
  }
  readOffsetsRecords(partition: number): Iterable<KeyValue> {
    return this.log.get(partition) ?? [];
  }
  partitionExists(topic: string, partition: number): boolean {
    return this.leo.has(`${topic}/${partition}`);
  }
  logEndOffset(topic: string, partition: number): number | null {
    return this.leo.get(`${topic}/${partition}`) ?? null;
  }
  addTopic(topic: string, partitions: number, leo = 0): void {
    for (let p = 0; p < partitions; p++) this.leo.set(`${topic}/${p}`, leo);
  }
  ofType<T extends GroupEvent['type']>(type: T): Extract<GroupEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<GroupEvent, { type: T }> => e.type === type);
  }
}

export function subscription(topics: string[]): Buffer {
  const w = new Writer();
  w.int16(0);
  writeConsumerProtocolSubscription(w, 0, { topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null });
  return w.toBuffer();
}

export function assignment(parts: Record<string, number[]>): Buffer {
  const w = new Writer();
  w.int16(0);
  writeConsumerProtocolAssignment(w, 0, {
    assignedPartitions: Object.entries(parts).map(([topic, partitions]) => ({ topic, partitions })),
    userData: null,
  });
  return w.toBuffer();
}
