/** groups.list/get/resetOffsets/delete/deleteTopicOffsets */

import type { OffsetResetPreview, ResetOffsetsParams } from '../../src-common/contract/groups.js';
import type { Handlers } from '../context.js';
import { badRequest, fail } from '../errors.js';
import type { ClusterConnection } from '../kafka/connection.js';
import { offsetsForTimestamp, watermarks, type Watermarks } from '../kafka/offsets.js';
import { OFFSET_COMMIT, OFFSET_DELETE } from '../kafka/wire-apis.js';
import { errorName } from '../../src-protocol/error-codes.js';
import { requireString } from '../validate.js';
import { mapLimit } from '../concurrency.js';
import { fetchChunk } from '../messages/reader.js';
import { existingTopicSet, fetchCommits, listGroupSummaries, partitionCounts, readGroup } from './group-reader.js';
import { lagOf } from './lag.js';
import { describeConsumerGroups } from './consumer-group-describe.js';


async function previewReset(connection: ClusterConnection, p: ResetOffsetsParams): Promise<OffsetResetPreview[]> {
  const topic = requireString(p.topic, 'topic');
  const all = (await partitionCounts(connection, [topic])).get(topic) ?? fail('not-found', `topic ${topic} does not exist`);
  let partitions = p.partitions && p.partitions.length > 0 ? p.partitions : all;
  if (p.strategy.kind === 'offsets') partitions = p.strategy.offsets.map((o) => o.partition);
  for (const part of partitions) if (!all.includes(part)) badRequest('partitions', `partition ${part} does not exist in ${topic}`);
  const marks = await watermarks(connection, topic, partitions);
  const commits = await fetchCommits(connection, p.groupId, new Set([topic]), topic);
  const byTime = p.strategy.kind === 'timestamp'
    ? await offsetsForTimestamp(connection, topic, partitions, p.strategy.timestamp, marks)
    : null;
  const rows: OffsetResetPreview[] = partitions.map((partition) => {
    const m: Watermarks = marks.get(partition) ?? { partition, logStartOffset: 0, logEndOffset: 0 };
    const current = commits.commits.get(topic)?.get(partition)?.offset ?? null;
    const clamp = (n: number): number => Math.min(Math.max(n, m.logStartOffset), m.logEndOffset);
    const s = p.strategy;
    let target: number;
    switch (s.kind) {
      case 'earliest': target = m.logStartOffset; break;
      case 'latest': target = m.logEndOffset; break;
      case 'timestamp': target = byTime?.get(partition) ?? m.logEndOffset; break;
      case 'offset': target = clamp(s.offset); break;
      case 'offsets': target = clamp(s.offsets.find((o) => o.partition === partition)?.offset ?? m.logEndOffset); break;
      // Without a commit a consumer would start at the end (auto.offset.reset=latest), so shift from there.
      case 'shift': target = clamp((current ?? m.logEndOffset) + s.by); break;
      default: return badRequest('strategy.kind', 'unknown reset strategy');
    }
    return {
      topic, partition, currentOffset: current, newOffset: target, logStartOffset: m.logStartOffset, logEndOffset: m.logEndOffset,
      delta: current === null ? null : target - current, lagAfter: lagOf(target, m) ?? 0, newOffsetTimestamp: null,
    };
  });
  // Show *when* the group would resume from, not just where: one small read per partition.
  await mapLimit(rows.filter((r) => r.newOffset < r.logEndOffset), 8, async (r) => {
    try {
      const chunk = await fetchChunk(connection, topic, r.partition, r.newOffset, 1024);
      r.newOffsetTimestamp = chunk.records.find((x) => x.offset >= r.newOffset)?.timestamp ?? null;
    } catch {
      r.newOffsetTimestamp = null;
    }
  });
  return rows;
}

/**
 * A "simple" commit, as Kafka's AdminClient alterConsumerGroupOffsets and kafka-consumer-groups --reset-offsets:
 * generation -1 and no member id, so the group is never joined (no generation, no rebalance in its history).
 * The coordinator accepts it only while the group has no members.
 */
async function commitWithoutJoining(c: ClusterConnection, groupId: string, topic: string, rows: OffsetResetPreview[]): Promise<void> {
  const { connection: coordinator } = await c.wire().groupCoordinator(groupId);
  const result = await coordinator.send(OFFSET_COMMIT, {
    groupId, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1,
    topics: [{
      name: topic,
      partitions: rows.map((r) => ({ partitionIndex: r.partition, committedOffset: r.newOffset, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null })),
    }],
  });
  const code = result.topics.flatMap((t) => t.partitions.map((x) => x.errorCode)).find((e) => e !== 0);
  if (code === undefined) return;
  const name = errorName(code);
  // UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION / REBALANCE_IN_PROGRESS: a member joined between the check and the commit.
  if (code === 25 || code === 22 || code === 27) fail('group-not-empty', `group ${groupId} has active members; stop its consumers first`, { kafkaCode: code, kafkaName: name });
  fail('kafka', `OffsetCommit failed: ${name}`, { kafkaCode: code, kafkaName: name });
}

export const groupHandlers: Handlers<'groups.list' | 'groups.get' | 'groups.resetOffsets' | 'groups.delete' | 'groups.deleteTopicOffsets'> = {
  'groups.list': async (p, ctx) => ctx.registry.use(p.clusterId, async (c) => ({ groups: await listGroupSummaries(c) })),

  'groups.get': async (p, ctx) => {
    const groupId = requireString(p.groupId, 'groupId');
    return ctx.registry.use(p.clusterId, async (c) => {
      const detail = await readGroup(c, groupId);
      if (detail.state === 'Dead' && detail.offsets.length === 0) fail('not-found', `no consumer group ${groupId}`);
      return detail;
    });
  },

  'groups.resetOffsets': async (p, ctx) => {
    requireString(p.groupId, 'groupId');
    if (!p.strategy || typeof p.strategy !== 'object') badRequest('strategy', 'required');
    return ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      const [described, consumerGroups] = await Promise.all([admin.describeGroups([p.groupId]), describeConsumerGroups(c, [p.groupId])]);
      // A KIP-848 group's members are only in ConsumerGroupDescribe (DescribeGroups says Dead).
      const members = consumerGroups.get(p.groupId)?.members.length ?? described.groups[0]?.members.length ?? 0;
      if (members > 0 && !p.dryRun) {
        fail('group-not-empty', `group ${p.groupId} has ${members} active member(s); stop its consumers first`);
      }
      const partitions = await previewReset(c, p);
      if (!p.dryRun) {
        await commitWithoutJoining(c, p.groupId, p.topic, partitions);
      }
      return { applied: !p.dryRun, partitions };
    });
  },

  'groups.delete': async (p, ctx) => {
    if (!Array.isArray(p.groupIds) || p.groupIds.length === 0) badRequest('groupIds', 'non-empty list');
    return ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      try {
        await admin.deleteGroups(p.groupIds);
        return { results: p.groupIds.map((groupId) => ({ groupId, error: null })) };
      } catch (error) {
        const failed = (error as { groups?: { groupId: string; error?: { message?: string; type?: string } }[] }).groups;
        if (!Array.isArray(failed)) throw error;
        const byId = new Map(failed.map((f) => [f.groupId, f.error?.type ?? f.error?.message ?? 'failed']));
        return { results: p.groupIds.map((groupId) => ({ groupId, error: byId.get(groupId) ?? null })) };
      }
    });
  },

  'groups.deleteTopicOffsets': async (p, ctx) => {
    const groupId = requireString(p.groupId, 'groupId');
    const topic = requireString(p.topic, 'topic');
    return ctx.registry.use(p.clusterId, async (c) => {
      const existing = await existingTopicSet(c);
      if (!existing.has(topic)) fail('not-found', `topic ${topic} does not exist`);
      const all = (await partitionCounts(c, [topic])).get(topic) ?? [];
      const partitions = p.partitions && p.partitions.length > 0 ? p.partitions : all;
      const { connection: coordinator } = await c.wire().groupCoordinator(groupId);
      const result = await coordinator.send(OFFSET_DELETE, {
        groupId, topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex })) }],
      });
      const codes = [result.errorCode, ...result.topics.flatMap((t) => t.partitions.map((x) => x.errorCode))].filter((e) => e !== 0);
      const code = codes[0];
      if (code !== undefined) {
        const name = errorName(code);
        if (code === 86) fail('group-not-empty', `group ${groupId} is still consuming ${topic}`, { kafkaCode: code, kafkaName: name });
        fail('kafka', `OffsetDelete failed: ${name}`, { kafkaCode: code, kafkaName: name });
      }
      return {};
    });
  },
};
