/**
 * Start-up replay of `__consumer_offsets`: rebuilds committed offsets and classic groups (latest
 * record per key wins, tombstones delete). Groups with members come back Stable with fresh
 * session timers, so members that survived a broker restart just keep heartbeating; members that
 * do not come back expire after their session timeout.
 */
import type { GroupMetadataValue } from '../../src-protocol/generated/internal/group-metadata-value.js';
import { ClassicGroup } from './classic-group.js';
import { GroupMember } from './member.js';
import { decodeOffsetsTopicRecord, type KeyValue } from './offsets-topic-records.js';
import { CONSUMER_GROUP_KEY_VERSIONS } from './consumer/records.js';
import type { OffsetStore } from './offset-store.js';
import type { CoordinatorHost } from './host.js';

export interface LoadResult {
  groups: ClassicGroup[];
  /** KIP-848 consumer-group records (key versions 3-8), in log order, for ConsumerGroupCoordinator.load. */
  consumerRecords: KeyValue[];
  records: number;
  skipped: number;
}

export function loadOffsetsTopic(host: CoordinatorHost, partitions: number, store: OffsetStore, now: number): LoadResult {
  const metadata = new Map<string, GroupMetadataValue>();
  let records = 0;
  let skipped = 0;
  const consumerRecords: KeyValue[] = [];
  for (let p = 0; p < partitions; p++) {
    for (const { key, value } of host.readOffsetsRecords(p)) {
      records++;
      if (key.length >= 2 && CONSUMER_GROUP_KEY_VERSIONS.has(key.readInt16BE(0))) {
        consumerRecords.push({ key, value });
        continue;
      }
      let rec;
      try {
        rec = decodeOffsetsTopicRecord(key, value);
      } catch {
        // A corrupt record must not keep the broker from starting; Kafka logs and skips too.
        skipped++;
        continue;
      }
      if (rec.kind === 'offset') {
        if (rec.value === null) store.delete(rec.group, rec.topic, rec.partition);
        else store.set(rec.group, rec.topic, rec.partition, { ...rec.value });
      } else if (rec.kind === 'group') {
        if (rec.value === null) metadata.delete(rec.group);
        else metadata.set(rec.group, rec.value);
      } else {
        skipped++;
      }
    }
  }
  const groups: ClassicGroup[] = [];
  for (const [groupId, v] of metadata) groups.push(groupFromMetadata(groupId, v, now));
  for (const groupId of store.groups()) {
    // Offsets without group metadata belong to a standalone ("simple") group.
    if (!metadata.has(groupId)) groups.push(new ClassicGroup(groupId, now));
  }
  return { groups, consumerRecords, records, skipped };
}

function groupFromMetadata(groupId: string, v: GroupMetadataValue, now: number): ClassicGroup {
  const g = new ClassicGroup(groupId, v.currentStateTimestamp > 0 ? v.currentStateTimestamp : now);
  g.protocolType = v.protocolType === '' ? null : v.protocolType;
  g.generationId = v.generation;
  g.protocolName = v.protocol;
  for (const m of v.members) {
    const member = new GroupMember(
      m.memberId,
      m.groupInstanceId,
      m.clientId,
      m.clientHost,
      m.rebalanceTimeout,
      m.sessionTimeout,
      v.protocolType,
      v.protocol === null ? [] : [{ name: v.protocol, metadata: Buffer.from(m.subscription) }],
    );
    member.assignment = Buffer.from(m.assignment);
    g.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) g.staticMembers.set(member.groupInstanceId, member.memberId);
  }
  g.leaderId = v.leader !== null && g.members.has(v.leader) ? v.leader : (g.members.keys().next().value ?? null);
  // Loaded groups skip the state machine: they are whatever the log says they were.
  g.state = g.members.size > 0 ? 'Stable' : 'Empty';
  return g;
}
