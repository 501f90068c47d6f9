/**
 * Transaction markers (Kafka's WriteTxnMarkers, done in-process on a single node): one control
 * batch per partition of the transaction, so each marker takes exactly one offset. The record's
 * key is int16 version 0 + int16 type (0 ABORT, 1 COMMIT); its value int16 version 0 + int32
 * coordinator epoch. Appending it ends the producer's transaction in the partition's producer
 * state (the LSO moves) and, for an abort, indexes the aborted range in the segment's .txnindex.
 */
import type { Cluster } from '../cluster/cluster.js';
import { buildRecordBatch } from '../storage/records.js';
import type { TxnMetadata } from './txn-metadata.js';

const ABORT = 0;
const COMMIT = 1;

export function buildMarkerBatch(producerId: number, producerEpoch: number, commit: boolean, coordinatorEpoch: number, now: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? COMMIT : ABORT, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  return buildRecordBatch({
    records: [{ key, value, timestamp: now }], producerId, producerEpoch, baseSequence: -1,
    isTransactional: true, isControl: true, now,
  });
}

/** Writes the markers of `m`'s transaction; partitions deleted meanwhile are skipped. Returns how many were written. */
export function writeMarkers(cluster: Cluster, m: TxnMetadata, commit: boolean, coordinatorEpoch: number, now: number): number {
  let written = 0;
  for (const [topic, partitions] of m.partitions) {
    for (const index of partitions) {
      const part = cluster.partition(topic, index);
      if (!part) continue;
      part.log.appendControlOrBuilt(buildMarkerBatch(m.producerId, m.producerEpoch, commit, coordinatorEpoch, now),
        { now, partitionLeaderEpoch: part.leaderEpoch });
      // read_committed fetches parked below the LSO can now return data.
      cluster.watchers.wakePartition(part.key);
      written++;
    }
  }
  return written;
}
