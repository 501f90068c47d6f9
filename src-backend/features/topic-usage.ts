/** topics.usage: which groups read each topic, their lag, and offset sums the topic list turns into rates. */

import type { TopicUsage } from '../../src-common/contract/topics.js';
import type { Handlers } from '../context.js';
import { mapLimit } from '../concurrency.js';
import { watermarksMany } from '../kafka/offsets.js';
import { requireString } from '../validate.js';
import { fetchCommits, partitionCounts } from './group-reader.js';
import { isInternalTopic } from './topic-reader.js';

export const topicUsageHandlers: Handlers<'topics.usage'> = {
  'topics.usage': async (p, ctx) => {
    const clusterId = requireString(p.clusterId, 'clusterId');
    return ctx.registry.use(clusterId, async (c) => {
      const admin = await c.admin();
      const [names, { groups }] = await Promise.all([admin.listTopics(), admin.listGroups()]);
      const topics = names.filter((n) => !isInternalTopic(n));
      const existing = new Set(topics);
      const partitions = await partitionCounts(c, topics);
      const marks = await watermarksMany(c, [...partitions].map(([topic, ps]) => ({ topic, partitions: ps })));
      const usage = new Map<string, TopicUsage>(topics.map((topic) => {
        let endOffsetSum = 0;
        for (const m of marks.get(topic)?.values() ?? []) endOffsetSum += m.logEndOffset;
        return [topic, { topic, groups: [], lag: 0, endOffsetSum, committedSum: 0 }];
      }));
      const commits = await mapLimit(groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === ''), 8,
        (g) => fetchCommits(c, g.groupId, existing).catch(() => null));
      for (const group of commits) {
        if (!group) continue;
        for (const [topic, byPartition] of group.commits) {
          const row = usage.get(topic);
          if (!row) continue;
          row.groups.push(group.groupId);
          for (const [partition, commit] of byPartition) {
            if (commit.offset === null) continue;
            row.committedSum += commit.offset;
            const end = marks.get(topic)?.get(partition)?.logEndOffset ?? commit.offset;
            row.lag += Math.max(0, end - commit.offset);
          }
        }
      }
      for (const row of usage.values()) row.groups.sort();
      return { topics: [...usage.values()].sort((a, b) => a.topic.localeCompare(b.topic)), at: Date.now() };
    });
  },
};
