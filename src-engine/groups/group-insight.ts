/**
 * The consumer-group part of BrokerInsight: what the GUI shows about groups beyond what a Kafka
 * client can ask (decoded assignments, lag with "nothing committed yet" made explicit).
 */
import type { GroupDescription, GroupLag, GroupListing } from '../../src-common/group-insight.js';
import type { Cluster } from '../cluster/cluster.js';

export type { GroupDescription, GroupLag, GroupListing, PartitionLag, TopicLag, GroupMemberDescription } from '../../src-common/group-insight.js';

export interface GroupInsight {
  /** Every classic group, optionally only those in the given states (e.g. ["Stable"]). */
  listGroups(states?: readonly string[]): GroupListing[];
  /** Members with decoded subscriptions/assignments; null for an unknown group. */
  describeGroup(groupId: string): GroupDescription | null;
  /** Committed offset, log end offset and lag per partition; null for an unknown group. */
  groupLag(groupId: string): GroupLag | null;
}

export function createGroupInsight(cluster: Cluster): GroupInsight {
  return {
    listGroups: (states = []) => cluster.groups.listGroups(states),
    describeGroup: (groupId) => cluster.groups.describeGroup(groupId),
    groupLag: (groupId) => cluster.groups.describeLag(groupId),
  };
}
