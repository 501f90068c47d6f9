/**
 * Every API this broker serves, one module per API key (kfake's layout). The server advertises
 * exactly these keys and version ranges in ApiVersions.
 */
import type { ApiHandler } from '../server/handler.js';
import { produce } from './00-produce.js';
import { fetch } from './01-fetch.js';
import { listOffsets } from './02-list-offsets.js';
import { metadata } from './03-metadata.js';
import { offsetCommit } from './08-offset-commit.js';
import { offsetFetch } from './09-offset-fetch.js';
import { findCoordinator } from './10-find-coordinator.js';
import { joinGroup } from './11-join-group.js';
import { heartbeat } from './12-heartbeat.js';
import { leaveGroup } from './13-leave-group.js';
import { syncGroup } from './14-sync-group.js';
import { describeGroups } from './15-describe-groups.js';
import { listGroups } from './16-list-groups.js';
import { deleteGroups } from './42-delete-groups.js';
import { offsetDelete } from './47-offset-delete.js';
import { apiVersions } from './18-api-versions.js';
import { createTopics } from './19-create-topics.js';
import { deleteTopics } from './20-delete-topics.js';
import { deleteRecords } from './21-delete-records.js';
import { initProducerId } from './22-init-producer-id.js';
import { offsetForLeaderEpoch } from './23-offset-for-leader-epoch.js';
import { addPartitionsToTxn } from './24-add-partitions-to-txn.js';
import { addOffsetsToTxn } from './25-add-offsets-to-txn.js';
import { endTxn } from './26-end-txn.js';
import { txnOffsetCommit } from './28-txn-offset-commit.js';
import { describeProducers } from './61-describe-producers.js';
import { describeTransactions } from './65-describe-transactions.js';
import { listTransactions } from './66-list-transactions.js';
import { describeConfigs } from './32-describe-configs.js';
import { alterConfigs } from './33-alter-configs.js';
import { describeLogDirs } from './35-describe-log-dirs.js';
import { incrementalAlterConfigs } from './44-incremental-alter-configs.js';
import { createPartitions } from './37-create-partitions.js';
import { describeCluster } from './60-describe-cluster.js';
import { alterPartition } from './56-alter-partition.js';
import { consumerGroupHeartbeat } from './68-consumer-group-heartbeat.js';
import { consumerGroupDescribe } from './69-consumer-group-describe.js';
import { SECURITY_HANDLERS } from './security-handlers.js';

export const API_HANDLERS: readonly ApiHandler[] = [
  produce,
  fetch,
  listOffsets,
  metadata,
  offsetCommit,
  offsetFetch,
  findCoordinator,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  deleteGroups,
  offsetDelete,
  apiVersions,
  createTopics,
  deleteTopics,
  deleteRecords,
  initProducerId,
  offsetForLeaderEpoch,
  addPartitionsToTxn,
  addOffsetsToTxn,
  endTxn,
  txnOffsetCommit,
  describeProducers,
  describeTransactions,
  listTransactions,
  describeConfigs,
  alterConfigs,
  describeLogDirs,
  incrementalAlterConfigs,
  createPartitions,
  describeCluster,
  consumerGroupHeartbeat,
  consumerGroupDescribe,
  ...SECURITY_HANDLERS,
].sort((a, b) => a.key - b.key);

/** Served to peer brokers of a replicated cluster but, like Kafka's controller-listener APIs, not advertised to clients. */
export const INTER_BROKER_HANDLERS: readonly ApiHandler[] = [alterPartition];
