/**
 * The transaction part of BrokerInsight: what the coordinator knows about each transactional id
 * (a Kafka client only gets this through DescribeTransactions) and, per partition, which producers
 * hold the last stable offset back.
 */
import type { Cluster } from '../cluster/cluster.js';
import { partitionList, type TxnState } from './txn-metadata.js';

export interface TransactionListing {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  state: TxnState;
  partitions: { topic: string; partitions: number[] }[];
  /** Groups whose offsets the ongoing transaction commits (AddOffsetsToTxn). */
  groupIds: string[];
  /** When the ongoing (or last) transaction began, -1 when none has. */
  startTimestamp: number;
  timeoutMs: number;
  lastUpdateTimestamp: number;
}

export interface OpenTransactionInPartition {
  producerId: number;
  producerEpoch: number;
  /** Offset of the transaction's first record in this partition: the LSO cannot pass it. */
  firstOffset: number;
}

export interface TransactionInsight {
  /** Every transactional id the coordinator knows, sorted by id. */
  listTransactions(): TransactionListing[];
  /** Ongoing transactions with data in one partition (oldest first); null when the partition does not exist. */
  openTransactions(topic: string, partition: number): OpenTransactionInPartition[] | null;
}

export function createTransactionInsight(cluster: Cluster): TransactionInsight {
  return {
    listTransactions() {
      return [...cluster.transactions.txns.values()]
        .map((m) => ({
          transactionalId: m.transactionalId, producerId: m.producerId, producerEpoch: m.producerEpoch, state: m.state,
          partitions: partitionList(m), groupIds: [...m.groupIds].sort(), startTimestamp: m.startTimestamp,
          timeoutMs: m.timeoutMs, lastUpdateTimestamp: m.lastUpdateTimestamp,
        }))
        .sort((a, b) => a.transactionalId.localeCompare(b.transactionalId));
    },
    openTransactions(topic, partition) {
      const p = cluster.partition(topic, partition);
      if (!p) return null;
      const out: OpenTransactionInPartition[] = [];
      for (const e of p.log.producerState.producers.values()) {
        if (e.currentTxnFirstOffset !== null) out.push({ producerId: e.producerId, producerEpoch: e.producerEpoch, firstOffset: e.currentTxnFirstOffset });
      }
      return out.sort((a, b) => a.firstOffset - b.firstOffset);
    },
  };
}
