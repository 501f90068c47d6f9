/**
 * One sample of every consumer group of a cluster: committed offset, log end and lag per partition. The embedded
 * broker answers through the engine channel (with the broker's commit timestamps and group generations); remote
 * clusters through kafkajs (ListGroups, DescribeGroups, OffsetFetch, ListOffsets), which knows no commit times.
 */

import type { PartitionLag as ContractLag } from '../../src-common/contract/groups.js';
import type { EngineInsightClient } from '../../src-common/engine-channel/insight-api.js';
import { mapLimit } from '../concurrency.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { decodeMembers, existingTopicSet, fetchCommits, lagRows } from '../features/group-reader.js';
import { fillTimeLag } from '../features/time-lag.js';

export interface PartitionSample {
  topic: string;
  partition: number;
  committed: number | null;
  logEnd: number | null;
  lag: number | null;
  commitAt: number | null;
  timeLagMs: number | null;
}

export interface GroupSample {
  groupId: string;
  state: string;
  /** Changes on every rebalance: the generation (embedded) or the sorted member ids (remote). */
  generation: string;
  partitions: PartitionSample[];
}

export async function sampleEmbedded(insight: EngineInsightClient): Promise<GroupSample[]> {
  const listings = await insight.listGroups([]);
  const out = await mapLimit(listings, 8, async (g): Promise<GroupSample | null> => {
    const [lag, described] = await Promise.all([insight.groupLag(g.groupId), insight.describeGroup(g.groupId)]);
    if (!lag) return null;
    return {
      groupId: g.groupId,
      state: lag.state,
      generation: described ? `generation ${described.generation}` : '',
      partitions: lag.partitions.map((p) => ({
        topic: p.topic, partition: p.partition, committed: p.committedOffset, logEnd: p.logEndOffset, lag: p.lag,
        commitAt: p.commitTimestamp, timeLagMs: p.lag === 0 ? 0 : null,
      })),
    };
  });
  return out.filter((g): g is GroupSample => g !== null);
}

export async function sampleRemote(connection: ClusterConnection): Promise<GroupSample[]> {
  const admin = await connection.admin();
  const [{ groups }, existing] = await Promise.all([admin.listGroups(), existingTopicSet(connection)]);
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  const byId = new Map(described.groups.map((g) => [g.groupId, g]));
  return mapLimit(groups, 8, async (g) => {
    const group = byId.get(g.groupId);
    const members = group ? decodeMembers(group) : [];
    const rows = await lagRows(connection, await fetchCommits(connection, g.groupId, existing), members, existing);
    return {
      groupId: g.groupId,
      state: group?.state ?? 'Unknown',
      generation: `members ${members.map((m) => m.memberId).sort().join(',')}`,
      partitions: rows.map((r) => ({
        topic: r.topic, partition: r.partition, committed: r.committedOffset, logEnd: r.logEndOffset, lag: r.lag, commitAt: null,
        timeLagMs: r.timeLagMs,
      })),
    };
  });
}

/** Time lag for lagging partitions (two small fetches each, capped by fillTimeLag), filled in place. */
export async function addTimeLag(connection: ClusterConnection, groups: GroupSample[]): Promise<void> {
  const rows: { sample: PartitionSample; row: ContractLag }[] = [];
  for (const g of groups) {
    for (const p of g.partitions) {
      if (p.lag === null || p.lag <= 0 || p.committed === null || p.logEnd === null) continue;
      rows.push({
        sample: p,
        row: {
          topic: p.topic, partition: p.partition, committedOffset: p.committed, logStartOffset: 0, logEndOffset: p.logEnd, lag: p.lag,
          commitBelowLogStart: false, timeLagMs: null, metadata: null, memberId: null, clientId: null,
        },
      });
    }
  }
  await fillTimeLag(connection, rows.map((r) => r.row));
  for (const r of rows) r.sample.timeLagMs = r.row.timeLagMs;
}
