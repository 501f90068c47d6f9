/**
 * TxnOffsetCommit's durable form, as Kafka writes it: offset commit records in the group's
 * `__consumer_offsets` partition, in a transactional batch carrying the producer's id and epoch. They
 * hold that partition's LSO back like any transactional data, count once the COMMIT marker follows
 * (the group coordinator's replay honours that) and are dropped by an ABORT. At start-up the
 * coordinator re-reads the records of transactions still open, so they can still commit.
 */
import type { Cluster } from '../cluster/cluster.js';
import { OFFSETS_TOPIC, decodeOffsetsTopicRecord, offsetCommitRecord } from '../groups/offsets-topic-records.js';
import type { PartitionLog } from '../storage/partition-log.js';
import { parseBatches } from '../storage/record-batch.js';
import { buildRecordBatch, decodeRecords } from '../storage/records.js';
import type { PendingOffset, PendingTxnOffsets } from './pending-offsets.js';
import type { TxnMetadata } from './txn-metadata.js';

const READ_CHUNK_BYTES = 1 << 20;

export function appendTxnOffsets(cluster: Cluster, offsetsPartition: number, producerId: number, producerEpoch: number,
  groupId: string, offsets: readonly PendingOffset[], now: number): void {
  const part = cluster.partition(OFFSETS_TOPIC, offsetsPartition);
  if (!part || offsets.length === 0) return;
  const records = offsets.map((o) => offsetCommitRecord(groupId, o.topic, o.partition, o.value)).map((r) => ({ key: r.key, value: r.value, timestamp: now }));
  const batch = buildRecordBatch({ records, producerId, producerEpoch, baseSequence: -1, isTransactional: true, now });
  part.log.appendControlOrBuilt(batch, { now, partitionLeaderEpoch: part.leaderEpoch });
  cluster.watchers.wakePartition(part.key);
}

/** The data batches of one producer from `from` to the log end, decoded. */
function* producerRecords(log: PartitionLog, from: number, producerId: number): Generator<{ key: Buffer; value: Buffer | null }> {
  let offset = Math.max(from, log.logStartOffset);
  const end = log.logEndOffset;
  while (offset < end) {
    const r = log.read(offset, READ_CHUNK_BYTES, { minOneBatch: true, maxOffset: end });
    if (r.bytes === 0) return;
    const buf = r.chunks.length === 1 ? (r.chunks[0] as Buffer) : Buffer.concat(r.chunks);
    const parsed = parseBatches(buf, { verifyCrc: false });
    if (!parsed.ok || parsed.batches.length === 0) return;
    for (const h of parsed.batches) {
      if (h.lastOffset >= offset && !h.isControl && h.isTransactional && h.producerId === producerId) {
        for (const rec of decodeRecords(buf, h)) if (rec.key !== null) yield { key: Buffer.from(rec.key), value: rec.value === null ? null : Buffer.from(rec.value) };
      }
      offset = Math.max(offset, h.lastOffset + 1);
    }
  }
}

/** Re-reads the offsets an open transaction wrote before a restart. Returns how many were found. */
export function recoverTxnOffsets(cluster: Cluster, m: TxnMetadata, pending: PendingTxnOffsets): number {
  let found = 0;
  for (const p of m.partitions.get(OFFSETS_TOPIC) ?? []) {
    const log = cluster.partition(OFFSETS_TOPIC, p)?.log;
    const first = log?.producerState.producers.get(m.producerId)?.currentTxnFirstOffset;
    if (!log || first === null || first === undefined) continue;
    for (const { key, value } of producerRecords(log, first, m.producerId)) {
      let rec;
      try {
        rec = decodeOffsetsTopicRecord(key, value);
      } catch {
        continue;
      }
      if (rec.kind !== 'offset' || rec.value === null) continue;
      pending.add(m.producerId, rec.group, { topic: rec.topic, partition: rec.partition, value: rec.value });
      m.groupIds.add(rec.group);
      found++;
    }
  }
  return found;
}
