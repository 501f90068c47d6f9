/**
 * Binds the transaction coordinator to a Cluster, which constructs its one coordinator through
 * `startTransactionCoordinator` and holds it (`cluster.transactions`): a restart replays
 * `__transaction_state` and resumes timeouts before clients connect; the topic itself is only
 * created on first transactional use.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { TransactionCoordinator, type TxnCoordinatorConfig } from './coordinator.js';
import { brokerConfigNumber } from '../config/broker-config.js';
import { clusterBrokerLayers } from '../config/cluster-configs.js';

export { TransactionCoordinator } from './coordinator.js';
export { TRANSACTION_STATE_TOPIC } from './txn-log.js';

/** Kafka's broker config names and defaults (see config/; the engine starts with fewer state log partitions). */
function txnConfigFor(cluster: Cluster): TxnCoordinatorConfig {
  const layers = clusterBrokerLayers(cluster);
  const n = (name: string): number => brokerConfigNumber(name, layers);
  return {
    maxTimeoutMs: n('transaction.max.timeout.ms'),
    abortCheckIntervalMs: n('transaction.abort.timed.out.transaction.cleanup.interval.ms'),
    idExpirationMs: n('transactional.id.expiration.ms'),
    partitions: n('transaction.state.log.num.partitions'),
    segmentBytes: n('transaction.state.log.segment.bytes'),
  };
}

/** Creates the coordinator and replays its log; `groups` learns which offsets a transaction holds. */
export function startTransactionCoordinator(cluster: Cluster, groups: GroupCoordinator): TransactionCoordinator {
  const tc = new TransactionCoordinator(cluster, groups, txnConfigFor(cluster));
  const started = performance.now();
  const res = tc.start();
  cluster.log.debug(`transaction coordinator loaded ${res.transactions} transactional ids from ${res.records} records in ${(performance.now() - started).toFixed(1)} ms`);
  // OffsetFetch require_stable: offsets a transaction holds answer UNSTABLE_OFFSET_COMMIT until it ends.
  groups.pendingTransactionalOffset = (g, t, p) => tc.pendingOffsets.isPending(g, t, p);
  cluster.onStop(() => tc.shutdown());
  return tc;
}
