/**
 * Consumer lag of a group: for every partition the group has committed or is assigned,
 * committed offset vs. log end offset. An uncommitted partition has unknown (null) lag rather
 * than an invented number; lag is clamped at 0 (a commit past the end, e.g. after truncation).
 */
import type { GroupLag, PartitionLag, TopicLag } from '../../src-common/group-insight.js';
import type { ClassicGroup } from './classic-group.js';
import { decodeAssignment } from './consumer-protocol.js';
import type { OffsetStore } from './offset-store.js';

export function computeLag(
  groupId: string,
  group: ClassicGroup | undefined,
  store: OffsetStore,
  logEndOffset: (topic: string, partition: number) => number | null,
): GroupLag {
  const owners = new Map<string, { memberId: string; clientId: string }>();
  if (group && group.protocolType === 'consumer' && (group.is('Stable') || group.is('CompletingRebalance') || group.is('PreparingRebalance'))) {
    for (const m of group.members.values()) {
      for (const tp of decodeAssignment(m.assignment) ?? []) {
        for (const p of tp.partitions) owners.set(`${tp.topic}\u0000${p}`, { memberId: m.memberId, clientId: m.clientId });
      }
    }
  }
  const keys = new Map<string, { topic: string; partition: number }>();
  for (const { topic, partition } of store.list(groupId)) keys.set(`${topic}\u0000${partition}`, { topic, partition });
  for (const k of owners.keys()) {
    if (!keys.has(k)) {
      const [topic = '', p = '0'] = k.split('\u0000');
      keys.set(k, { topic, partition: Number(p) });
    }
  }
  const partitions: PartitionLag[] = [];
  for (const [k, { topic, partition }] of keys) {
    const c = store.get(groupId, topic, partition);
    const leo = logEndOffset(topic, partition);
    const committedOffset = c && c.offset >= 0 ? c.offset : null;
    const owner = owners.get(k);
    partitions.push({
      topic,
      partition,
      committedOffset,
      logEndOffset: leo,
      lag: committedOffset !== null && leo !== null ? Math.max(0, leo - committedOffset) : null,
      memberId: owner?.memberId ?? null,
      clientId: owner?.clientId ?? null,
      commitTimestamp: c?.commitTimestamp ?? null,
      metadata: c?.metadata ?? null,
    });
  }
  partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  const byTopic = new Map<string, TopicLag>();
  let totalLag = 0;
  let recordsLagMax: number | null = null;
  for (const p of partitions) {
    let t = byTopic.get(p.topic);
    if (!t) byTopic.set(p.topic, (t = { topic: p.topic, lag: 0, uncommittedPartitions: 0 }));
    if (p.lag === null) {
      if (p.committedOffset === null) t.uncommittedPartitions++;
      continue;
    }
    t.lag += p.lag;
    totalLag += p.lag;
    recordsLagMax = recordsLagMax === null ? p.lag : Math.max(recordsLagMax, p.lag);
  }
  return { groupId, state: group?.state ?? 'Dead', partitions, topics: [...byTopic.values()], totalLag, recordsLagMax };
}
