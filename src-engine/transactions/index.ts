/**
 * Binds the transaction coordinator to a Cluster, which constructs its one coordinator through
 * `startTransactionCoordinator` and holds it (`cluster.transactions`): a restart replays
 * `__transaction_state` and resumes timeouts before clients connect; the topic itself is only
 * created on first transactional use.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { GroupCoordinator } from '../groups/group-coordinator.js';
import { TransactionCoordinator, type TxnCoordinatorConfig } from './coordinator.js';
import { TRANSACTION_STATE_PARTITIONS } from './txn-log.js';

export { TransactionCoordinator } from './coordinator.js';
export { TRANSACTION_STATE_TOPIC } from './txn-log.js';

function num(v: string | undefined, fallback: number): number {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Kafka's broker config names and defaults (the partition count excepted, see txn-log.ts). */
export function txnConfigFor(cluster: Cluster): TxnCoordinatorConfig {
  const c = cluster.options.configs ?? {};
  return {
    maxTimeoutMs: num(c['transaction.max.timeout.ms'], 900_000),
    abortCheckIntervalMs: num(c['transaction.abort.timed.out.transaction.cleanup.interval.ms'], 10_000),
    idExpirationMs: num(c['transactional.id.expiration.ms'], 604_800_000),
    partitions: num(c['transaction.state.log.num.partitions'], TRANSACTION_STATE_PARTITIONS),
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
