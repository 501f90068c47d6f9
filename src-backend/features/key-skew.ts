/** topics.keySkew: records per partition, keys per partition (sampled), top keys, skew score, what-if partition counts. */

import type { Handlers } from '../context.js';
import { badRequest } from '../errors.js';
import { KeySkewCollector } from '../insight/key-skew.js';
import { topicPartitions, watermarks } from '../kafka/offsets.js';
import { readRange } from '../messages/reader.js';
import { requireString } from '../validate.js';

const DEFAULT_SAMPLE = 5000;
const MAX_SAMPLE = 100_000;

export const keySkewHandlers: Handlers<'topics.keySkew'> = {
  'topics.keySkew': async (p, ctx) => {
    const topic = requireString(p.topic, 'topic');
    const sample = p.samplePerPartition ?? DEFAULT_SAMPLE;
    if (!Number.isInteger(sample) || sample < 1 || sample > MAX_SAMPLE) badRequest('samplePerPartition', `must be an integer in 1..${MAX_SAMPLE}`);
    const whatIf = p.whatIfPartitions ?? [];
    if (!Array.isArray(whatIf) || whatIf.length > 8 || whatIf.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
      badRequest('whatIfPartitions', 'up to 8 partition counts in 1..10000');
    }
    return ctx.registry.use(p.clusterId, async (c) => {
      const meta = await topicPartitions(c, topic);
      const ids = meta.map((m) => m.partitionId).sort((a, b) => a - b);
      const marks = await watermarks(c, topic, ids);
      const collector = new KeySkewCollector(ids.length);
      for (const partition of ids) {
        const m = marks.get(partition) ?? { partition, logStartOffset: 0, logEndOffset: 0 };
        const records = Math.max(0, m.logEndOffset - m.logStartOffset);
        // Big partitions: the newest `sample` records (what the producers do now).
        const from = Math.max(m.logStartOffset, m.logEndOffset - sample);
        collector.partition(partition, records, from === m.logStartOffset);
        await readRange(c, topic, partition, from, m.logEndOffset, (batch) => {
          for (const r of batch) collector.add(partition, r.key, r.value);
          return true;
        });
      }
      return collector.report(topic, whatIf, sample);
    });
  },
};
