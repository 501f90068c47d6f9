/**
 * The registry's records in the cluster's `_schemas` topic (one partition, compacted — as Confluent creates it),
 * appended and read in this process through the partition's log, the single owner of its data.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import { parseBatches } from '../storage/record-batch.js';
import { buildRecordBatch, decodeRecords } from '../storage/records.js';
import type { SchemasLog } from './registry.js';

export const SCHEMAS_TOPIC = '_schemas';
const SCHEMAS_TOPIC_CONFIGS = new Map([['cleanup.policy', 'compact']]);
const READ_CHUNK_BYTES = 1 << 20;

export function schemasLogOf(cluster: Cluster): SchemasLog {
  const partition = (): PartitionState => {
    // Deleted by someone (DeleteTopics on it): recreate rather than fail every registration.
    if (!cluster.topic(SCHEMAS_TOPIC)) cluster.createTopic(SCHEMAS_TOPIC, 1, SCHEMAS_TOPIC_CONFIGS);
    const part = cluster.partition(SCHEMAS_TOPIC, 0);
    if (!part) throw new Error(`${SCHEMAS_TOPIC}-0 does not exist`);
    return part;
  };
  return {
    append(key, value) {
      const part = partition();
      const now = Date.now();
      part.log.appendControlOrBuilt(buildRecordBatch({ records: [{ key, value, timestamp: now }], now }), { now, partitionLeaderEpoch: part.leaderEpoch });
      cluster.watchers.wakePartition(part.key);
    },
    replay(apply) {
      const part = partition();
      let offset = part.log.logStartOffset;
      const end = part.log.logEndOffset;
      while (offset < end) {
        const read = part.log.read(offset, READ_CHUNK_BYTES, { minOneBatch: true, maxOffset: end });
        if (read.bytes === 0) break;
        const buf = read.chunks.length === 1 ? (read.chunks[0] as Buffer) : Buffer.concat(read.chunks);
        const parsed = parseBatches(buf, { verifyCrc: false });
        if (!parsed.ok || parsed.batches.length === 0) break;
        for (const batch of parsed.batches) {
          if (batch.lastOffset < offset) continue;
          if (!batch.isControl) {
            for (const rec of decodeRecords(buf, batch)) {
              if (rec.offset >= offset) apply(rec.key === null ? null : Buffer.from(rec.key), rec.value === null ? null : Buffer.from(rec.value));
            }
          }
          offset = Math.max(offset, batch.lastOffset + 1);
        }
      }
    },
  };
}
