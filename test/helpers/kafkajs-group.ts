// A kafkajs group member that commits each record before the next (manual commits), so the next owner of a
// partition resumes right after it: the shape of every "no record lost or consumed twice across rebalances" test.
import type { Consumer, Kafka } from 'kafkajs';

export interface CommittingMemberOptions {
  groupId: string;
  topic: string;
  /** Counts how often each record value was consumed (shared by the group's members). */
  seen: Map<string, number>;
  /** Called at each generation the member joins, with its assigned partitions of `topic` (sorted). */
  onJoin?: (memberId: string, partitions: number[]) => void;
  rebalanceTimeout?: number;
}

export async function startCommittingMember(kafka: Kafka, options: CommittingMemberOptions): Promise<Consumer> {
  const { groupId, topic, seen } = options;
  const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 300, maxWaitTimeInMs: 200, ...(options.rebalanceTimeout ? { rebalanceTimeout: options.rebalanceTimeout } : {}) });
  c.on(c.events.GROUP_JOIN, (e) => options.onJoin?.(e.payload.memberId, [...(e.payload.memberAssignment[topic] ?? [])].sort((x, y) => x - y)));
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  await c.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      const v = message.value?.toString() ?? '';
      seen.set(v, (seen.get(v) ?? 0) + 1);
      await c.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });
  return c;
}
