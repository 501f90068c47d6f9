/** topics.list/get/create/delete/addPartitions/purge/consumers/segments */

import type { TopicConsumer } from '../../src-common/contract/topics.js';
import { mapLimit } from '../concurrency.js';
import type { Handlers } from '../context.js';
import { badRequest, fail } from '../errors.js';
import { deleteRecords, watermarks } from '../kafka/offsets.js';
import { requireInt, requireString } from '../validate.js';
import { decodeMembers, existingTopicSet, fetchCommits } from './group-reader.js';
import { lagOf, sumLag } from './lag.js';
import { cleanupPolicies, isInternalTopic, readTopics, topicDetail, topicSummary } from './topic-reader.js';

export const topicHandlers: Handlers<
  'topics.list' | 'topics.get' | 'topics.create' | 'topics.delete' | 'topics.addPartitions' | 'topics.purge' | 'topics.consumers' | 'topics.segments'
> = {
  'topics.list': async (p, ctx) =>
    ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      const names = (await admin.listTopics()).filter((n) => p.includeInternal || !isInternalTopic(n)).sort();
      const engine = ctx.registry.isEmbedded(p.clusterId) ? ctx.engine() : null;
      const [data, policies] = await Promise.all([readTopics(c, names, engine), cleanupPolicies(c, names)]);
      return { topics: data.map((d) => topicSummary(d, policies.get(d.meta.name) ?? null)).sort((a, b) => a.name.localeCompare(b.name)) };
    }),

  'topics.get': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    return ctx.registry.use(p.clusterId, async (c) => {
      if (!(await existingTopicSet(c)).has(topic)) fail('not-found', `topic ${topic} does not exist`);
      const engine = ctx.registry.isEmbedded(p.clusterId) ? ctx.engine() : null;
      const [data] = await readTopics(c, [topic], engine);
      return topicDetail(data ?? fail('not-found', `topic ${topic} does not exist`));
    });
  },

  'topics.create': async (p, ctx) => {
    const topic = requireString(p.name, 'name');
    const numPartitions = requireInt(p.partitions, 'partitions', 1, 100_000);
    const replicationFactor = requireInt(p.replicationFactor, 'replicationFactor', 1, 32767);
    return ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      if (!p.validateOnly && (await admin.listTopics()).includes(topic)) {
        fail('already-exists', `topic ${topic} already exists`, { kafkaCode: 36, kafkaName: 'TOPIC_ALREADY_EXISTS' });
      }
      const configEntries = Object.entries(p.configs ?? {}).map(([name, value]) => ({ name, value: String(value) }));
      const created = await admin.createTopics({
        validateOnly: Boolean(p.validateOnly),
        waitForLeaders: !p.validateOnly,
        topics: [{ topic, numPartitions, replicationFactor, configEntries }],
      });
      return { created: created || Boolean(p.validateOnly) };
    });
  },

  'topics.delete': async (p, ctx) => {
    if (!Array.isArray(p.topics) || p.topics.length === 0) badRequest('topics', 'non-empty list');
    const internal = p.topics.filter(isInternalTopic);
    if (internal.length > 0) badRequest('topics', `refusing to delete internal topic ${internal.join(', ')}`);
    return ctx.registry.use(p.clusterId, async (c) => {
      await (await c.admin()).deleteTopics({ topics: p.topics });
      return {};
    });
  },

  'topics.addPartitions': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const count = requireInt(p.totalPartitions, 'totalPartitions', 1, 100_000);
    return ctx.registry.use(p.clusterId, async (c) => {
      await (await c.admin()).createPartitions({ topicPartitions: [{ topic, count }] });
      return {};
    });
  },

  'topics.purge': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    if (isInternalTopic(topic)) badRequest('topic', `refusing to purge internal topic ${topic}`);
    return ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      const meta = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0] ?? fail('not-found', `topic ${topic} does not exist`);
      const all = meta.partitions.map((x) => x.partitionId).sort((a, b) => a - b);
      const partitions = p.partitions && p.partitions.length > 0 ? p.partitions : all;
      for (const part of partitions) if (!all.includes(part)) badRequest('partitions', `partition ${part} does not exist`);
      const before = p.beforeOffset === undefined ? -1 : requireInt(p.beforeOffset, 'beforeOffset', 0);
      const lows = await deleteRecords(c, topic, partitions, before);
      return { partitions: partitions.map((partition) => ({ partition, lowWatermark: lows.get(partition) ?? 0 })) };
    });
  },

  'topics.consumers': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    return ctx.registry.use(p.clusterId, async (c) => {
      const admin = await c.admin();
      const meta = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0] ?? fail('not-found', `topic ${topic} does not exist`);
      const partitions = meta.partitions.map((x) => x.partitionId);
      const [{ groups }, marks] = await Promise.all([admin.listGroups(), watermarks(c, topic, partitions)]);
      const existing = new Set([topic]);
      const described = groups.length > 0 ? (await admin.describeGroups(groups.map((g) => g.groupId))).groups : [];
      const rows = await mapLimit(groups, 8, async (g): Promise<TopicConsumer | null> => {
        const commits = (await fetchCommits(c, g.groupId, existing, topic)).commits.get(topic);
        const group = described.find((d) => d.groupId === g.groupId);
        const assigned = group ? decodeMembers(group).some((m) => m.assignment.some((a) => a.topic === topic)) : false;
        const hasCommit = commits !== undefined && [...commits.values()].some((v) => v.offset !== null);
        if (!hasCommit && !assigned) return null;
        const lags = partitions.map((part) => {
          const mark = marks.get(part) ?? { partition: part, logStartOffset: 0, logEndOffset: 0 };
          return { lag: lagOf(commits?.get(part)?.offset ?? null, mark), logStartOffset: mark.logStartOffset, logEndOffset: mark.logEndOffset };
        });
        const s = sumLag(lags);
        return { groupId: g.groupId, state: group?.state ?? 'Unknown', members: group?.members.length ?? 0, lag: s.total, partitionsWithoutCommit: s.withoutCommit, uncommittedFromEarliest: s.uncommittedFromEarliest };
      });
      return { groups: rows.filter((r): r is TopicConsumer => r !== null).sort((a, b) => a.groupId.localeCompare(b.groupId)) };
    });
  },

  'topics.segments': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const partition = requireInt(p.partition, 'partition', 0);
    if (!ctx.registry.isEmbedded(p.clusterId)) fail('not-embedded', 'segments are only visible for the embedded broker');
    const engine = ctx.engine() ?? fail('engine-unavailable', ctx.engineError() ?? 'embedded broker is not running');
    const segments = (await engine.listSegments(topic, partition)) ?? fail('not-found', `partition ${topic}-${partition} does not exist`);
    return { segments };
  },
};
