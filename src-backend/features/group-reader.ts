/** Reads consumer groups (DescribeGroups + OffsetFetch + ListOffsets) into the contract's shapes. */

import type { GroupDescription } from 'kafkajs';
import { AssignerProtocol } from '../kafka/kafkajs.js';
import type { GroupDetail, GroupMember, GroupSummary, PartitionLag, TopicLag } from '../../src-common/contract/groups.js';
import { mapLimit } from '../concurrency.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { watermarksMany, type Watermarks } from '../kafka/offsets.js';
import { committedOffset, partitionLag, sumLag } from './lag.js';
import { describeConsumerGroups } from './consumer-group-describe.js';
import { fillTimeLag, maxTimeLag } from './time-lag.js';

export interface GroupCommits {
  groupId: string;
  /** topic -> partition -> committed offset (null = none) and metadata. */
  commits: Map<string, Map<number, { offset: number | null; metadata: string | null }>>;
}

export function decodeMembers(group: GroupDescription): GroupMember[] {
  return group.members.map((m) => {
    let assignment: GroupMember['assignment'] = [];
    if (group.protocolType === 'consumer' && m.memberAssignment && m.memberAssignment.length > 0) {
      try {
        const decoded = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        assignment = Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }));
      } catch {
        assignment = []; // a non-standard assignor's bytes: show the member without assignment
      }
    }
    return { memberId: m.memberId, groupInstanceId: null, clientId: m.clientId, clientHost: m.clientHost, assignment };
  });
}

export async function fetchCommits(connection: ClusterConnection, groupId: string, existingTopics: Set<string>, onlyTopic?: string): Promise<GroupCommits> {
  const admin = await connection.admin();
  const topics = onlyTopic ? [onlyTopic] : undefined;
  const fetched = await admin.fetchOffsets(topics ? { groupId, topics } : { groupId });
  const commits: GroupCommits['commits'] = new Map();
  for (const t of fetched) {
    if (!existingTopics.has(t.topic)) continue; // offsets of deleted topics linger until expiry
    const m = new Map<number, { offset: number | null; metadata: string | null }>();
    for (const p of t.partitions) m.set(p.partition, { offset: committedOffset(p.offset), metadata: p.metadata ?? null });
    if ([...m.values()].some((v) => v.offset !== null) || onlyTopic) commits.set(t.topic, m);
  }
  return { groupId, commits };
}

/** Partition counts for topics, from metadata. */
export async function partitionCounts(connection: ClusterConnection, topics: string[]): Promise<Map<string, number[]>> {
  if (topics.length === 0) return new Map();
  const admin = await connection.admin();
  const meta = await admin.fetchTopicMetadata({ topics });
  return new Map(meta.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionId).sort((a, b) => a - b)]));
}

/** Lag rows for every partition of every topic the group committed to or is assigned. */
export async function lagRows(
  connection: ClusterConnection, groupCommits: GroupCommits, members: GroupMember[], existingTopics: Set<string>,
  marksCache?: Map<string, Map<number, Watermarks>>,
  partitionsCache?: Map<string, number[]>,
): Promise<PartitionLag[]> {
  const topics = new Set(groupCommits.commits.keys());
  for (const m of members) for (const a of m.assignment) if (existingTopics.has(a.topic)) topics.add(a.topic);
  const missing = [...topics].filter((t) => !partitionsCache?.has(t));
  const partitions = new Map([...topics].flatMap((t) => {
    const known = partitionsCache?.get(t);
    return known ? [[t, known] as const] : [];
  }));
  if (missing.length > 0) for (const [t, ps] of await partitionCounts(connection, missing)) partitions.set(t, ps);
  const needed = [...partitions].filter(([t]) => !marksCache?.has(t)).map(([topic, ps]) => ({ topic, partitions: ps }));
  const marks = new Map(marksCache ?? []);
  if (needed.length > 0) for (const [t, m] of await watermarksMany(connection, needed)) marks.set(t, m);
  const owner = new Map<string, GroupMember>();
  for (const m of members) for (const a of m.assignment) for (const p of a.partitions) owner.set(`${a.topic}\u0000${p}`, m);
  const rows: PartitionLag[] = [];
  for (const [topic, ps] of [...partitions].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const partition of ps) {
      const c = groupCommits.commits.get(topic)?.get(partition);
      const mark = marks.get(topic)?.get(partition) ?? { partition, logStartOffset: 0, logEndOffset: 0 };
      const row = partitionLag(topic, partition, c?.offset ?? null, c?.metadata ?? null, mark);
      const member = owner.get(`${topic}\u0000${partition}`);
      if (member) {
        row.memberId = member.memberId;
        row.clientId = member.clientId;
      }
      rows.push(row);
    }
  }
  return rows;
}

export function topicLags(rows: PartitionLag[]): TopicLag[] {
  const byTopic = new Map<string, PartitionLag[]>();
  for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  return [...byTopic].map(([topic, rs]) => {
    const s = sumLag(rs);
    return { topic, lag: s.total, partitions: rs.length, partitionsWithoutCommit: s.withoutCommit, uncommittedFromEarliest: s.uncommittedFromEarliest };
  });
}

export async function existingTopicSet(connection: ClusterConnection): Promise<Set<string>> {
  return new Set(await (await connection.admin()).listTopics());
}

export async function coordinatorOf(connection: ClusterConnection, groupId: string): Promise<number | null> {
  try {
    return (await connection.wire().groupCoordinator(groupId)).nodeId;
  } catch {
    return null;
  }
}

export async function readGroup(connection: ClusterConnection, groupId: string): Promise<GroupDetail> {
  const admin = await connection.admin();
  const [described, existing, consumerGroups] = await Promise.all([admin.describeGroups([groupId]), existingTopicSet(connection), describeConsumerGroups(connection, [groupId])]);
  const group = described.groups[0];
  const kip848 = consumerGroups.get(groupId);
  const members = kip848 ? kip848.members : group ? decodeMembers(group) : [];
  const commits = await fetchCommits(connection, groupId, existing);
  const rows = await lagRows(connection, commits, members, existing);
  await fillTimeLag(connection, rows);
  const s = sumLag(rows);
  return {
    groupId,
    state: kip848?.state ?? group?.state ?? 'Unknown',
    protocolType: kip848 ? 'consumer' : group?.protocolType ?? '',
    protocol: kip848 ? kip848.protocol.assignor : group?.protocol || null,
    coordinator: await coordinatorOf(connection, groupId),
    groupType: kip848 ? 'consumer' : 'classic',
    consumerProtocol: kip848?.protocol ?? null,
    members,
    offsets: rows,
    topics: topicLags(rows),
    totalLag: s.total,
    recordsLagMax: s.max,
    maxTimeLagMs: maxTimeLag(rows),
    partitionsWithoutCommit: s.withoutCommit,
    uncommittedFromEarliest: s.uncommittedFromEarliest,
  };
}

export async function listGroupSummaries(connection: ClusterConnection): Promise<GroupSummary[]> {
  const admin = await connection.admin();
  const [{ groups }, existing] = await Promise.all([admin.listGroups(), existingTopicSet(connection)]);
  if (groups.length === 0) return [];
  const [described, consumerGroups] = await Promise.all([admin.describeGroups(groups.map((g) => g.groupId)), describeConsumerGroups(connection, groups.map((g) => g.groupId))]);
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  const allCommits = await mapLimit(groups, 8, (g) => fetchCommits(connection, g.groupId, existing));
  // One metadata and one watermark round for every topic any group touches or is assigned.
  const topics = new Set<string>();
  for (const c of allCommits) for (const t of c.commits.keys()) topics.add(t);
  for (const g of described.groups) for (const m of decodeMembers(g)) for (const a of m.assignment) if (existing.has(a.topic)) topics.add(a.topic);
  for (const g of consumerGroups.values()) for (const m of g.members) for (const a of m.assignment) if (existing.has(a.topic)) topics.add(a.topic);
  const parts = await partitionCounts(connection, [...topics]);
  const marks = await watermarksMany(connection, [...parts].map(([topic, partitions]) => ({ topic, partitions })));
  return mapLimit(groups, 8, async (g, i) => {
    const group = byId.get(g.groupId);
    const kip848 = consumerGroups.get(g.groupId);
    const members = kip848 ? kip848.members : group ? decodeMembers(group) : [];
    const rows = await lagRows(connection, allCommits[i] as GroupCommits, members, existing, marks, parts);
    const s = sumLag(rows);
    return {
      groupId: g.groupId,
      state: kip848?.state ?? group?.state ?? 'Unknown',
      protocolType: kip848 ? 'consumer' : group?.protocolType ?? g.protocolType,
      protocol: kip848 ? kip848.protocol.assignor : group?.protocol || null,
      groupType: kip848 ? 'consumer' : 'classic',
      groupEpoch: kip848?.protocol.groupEpoch ?? null,
      members: members.length,
      coordinator: null,
      topics: [...new Set(rows.map((r) => r.topic))],
      totalLag: s.total,
      recordsLagMax: s.max,
      partitionsWithoutCommit: s.withoutCommit,
      uncommittedFromEarliest: s.uncommittedFromEarliest,
    };
  });
}
