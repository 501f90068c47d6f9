/**
 * Binds the group coordinator to a Cluster: the `__consumer_offsets` topic (created at start,
 * compacted, Kafka's 50 partitions unless `offsets.topic.num.partitions` says otherwise), the event
 * stream, and log end offsets for lag. The Cluster constructs its one coordinator through
 * `startGroupCoordinator` and holds it (`cluster.groups`).
 */
import type { EngineEvent } from '../../src-common/engine-events.js';
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionState } from '../cluster/topics.js';
import { parseBatches } from '../storage/record-batch.js';
import { buildRecordBatch, decodeRecords } from '../storage/records.js';
import { GroupCoordinator } from './group-coordinator.js';
import { consumerGroupConfigFrom, topicCatalog } from './consumer/cluster-config.js';
import { wallClock } from './clock.js';
import type { CoordinatorHost } from './host.js';
import { OFFSETS_TOPIC, type KeyValue } from './offsets-topic-records.js';
import { groupConfigFrom } from './types.js';
import { brokerConfigNumber } from '../config/broker-config.js';
import { clusterBrokerLayers } from '../config/cluster-configs.js';

/** The topic is compacted like Kafka's, its segments offsets.topic.segment.bytes large. */
function offsetsTopicConfigs(segmentBytes: number): ReadonlyMap<string, string> {
  return new Map([['cleanup.policy', 'compact'], ['segment.bytes', String(segmentBytes)]]);
}
const READ_CHUNK_BYTES = 1 << 20;

/** Creates the coordinator and replays `__consumer_offsets`; it stops with the cluster. */
export function startGroupCoordinator(cluster: Cluster): GroupCoordinator {
  const layers = clusterBrokerLayers(cluster);
  const config = groupConfigFrom(layers);
  const topicConfigs = offsetsTopicConfigs(brokerConfigNumber('offsets.topic.segment.bytes', layers));
  // An existing topic keeps its partition count (changing it would re-home every group).
  const topic = cluster.topic(OFFSETS_TOPIC) ?? cluster.createTopic(OFFSETS_TOPIC, config.offsetsTopicPartitions, topicConfigs);
  config.offsetsTopicPartitions = topic.partitions.length;
  const clock = wallClock((err) => cluster.log.error(`group coordinator timer failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  const gc = new GroupCoordinator(clusterHost(cluster, config.offsetsTopicPartitions, topicConfigs), config, clock, topicCatalog(cluster), consumerGroupConfigFrom(layers));
  const started = performance.now();
  const res = gc.start();
  cluster.log.debug(`group coordinator loaded ${res.groups} groups from ${res.records} records (${res.skipped} skipped) in ${(performance.now() - started).toFixed(1)} ms`);
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'topic-deleted') gc.onTopicDeleted(e.topic);
  };
  cluster.events.on('event', onEvent);
  cluster.onStop(() => {
    cluster.events.off('event', onEvent);
    gc.shutdown();
  });
  return gc;
}

function offsetsPartition(cluster: Cluster, p: number, partitions: number, topicConfigs: ReadonlyMap<string, string>): PartitionState {
  // Someone may have deleted the internal topic (DeleteTopics on it): recreate rather than fail commits.
  if (!cluster.topic(OFFSETS_TOPIC)) {
    cluster.log.warn(`${OFFSETS_TOPIC} was deleted; recreating it with ${partitions} partitions`);
    cluster.createTopic(OFFSETS_TOPIC, partitions, topicConfigs);
  }
  const part = cluster.partition(OFFSETS_TOPIC, p);
  if (!part) throw new Error(`${OFFSETS_TOPIC}-${p} does not exist`);
  return part;
}

function clusterHost(cluster: Cluster, partitions: number, topicConfigs: ReadonlyMap<string, string>): CoordinatorHost {
  return {
    emit: (event) => cluster.events.publish(event),
    appendOffsetsRecords(p, records, now) {
      const part = offsetsPartition(cluster, p, partitions, topicConfigs);
      const batch = buildRecordBatch({ records: records.map((r) => ({ key: r.key, value: r.value, timestamp: now })), now });
      part.log.appendControlOrBuilt(batch, { now, partitionLeaderEpoch: part.leaderEpoch });
      // Someone (the GUI, kcat) may be tailing __consumer_offsets.
      cluster.watchers.wakePartition(part.key);
    },
    readOffsetsRecords: (p) => readAll(offsetsPartition(cluster, p, partitions, topicConfigs)),
    partitionExists: (topic, partition) => cluster.partition(topic, partition) !== undefined,
    logEndOffset: (topic, partition) => cluster.partition(topic, partition)?.log.highWatermark ?? null,
  };
}

/**
 * Every record in offset order. Transactional records (TxnOffsetCommit, written with the producer's id) count
 * only from their transaction's COMMIT marker on; aborted ones and those of a still-open transaction are left
 * out (the transaction coordinator re-reads the open ones itself).
 */
function* readAll(part: PartitionState): Generator<KeyValue> {
  let offset = part.log.logStartOffset;
  const end = part.log.logEndOffset;
  const held = new Map<number, KeyValue[]>();
  while (offset < end) {
    const r = part.log.read(offset, READ_CHUNK_BYTES, { minOneBatch: true, maxOffset: end });
    if (r.bytes === 0) break;
    const buf = r.chunks.length === 1 ? (r.chunks[0] as Buffer) : Buffer.concat(r.chunks);
    const parsed = parseBatches(buf, { verifyCrc: false });
    if (!parsed.ok || parsed.batches.length === 0) break;
    for (const h of parsed.batches) {
      if (h.lastOffset < offset) continue;
      if (h.isControl) {
        const records = held.get(h.producerId);
        held.delete(h.producerId);
        // Marker key: int16 version + int16 type (1 = COMMIT).
        const key = records ? decodeRecords(buf, h)[0]?.key : null;
        if (records && key && key.length >= 4 && key.readInt16BE(2) === 1) yield* records;
      } else {
        for (const rec of decodeRecords(buf, h)) {
          if (rec.offset < offset || rec.key === null) continue;
          const kv = { key: Buffer.from(rec.key), value: rec.value === null ? null : Buffer.from(rec.value) };
          if (!h.isTransactional || h.producerId < 0) {
            yield kv;
            continue;
          }
          let list = held.get(h.producerId);
          if (!list) held.set(h.producerId, (list = []));
          list.push(kv);
        }
      }
      offset = Math.max(offset, h.lastOffset + 1);
    }
  }
}
