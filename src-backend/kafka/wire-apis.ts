/**
 * The APIs the backend sends itself, with the version ranges it speaks. Fetch stops at v12 and FindCoordinator at v3:
 * later versions address topics by id / batch coordinator keys, which the callers do not need.
 */

import * as g from '../../src-protocol/generated/index.js';
import { wireApi } from './wire-connection.js';

export const METADATA = wireApi(3, 'Metadata', g.MetadataRequestVersions, g.writeMetadataRequest, g.readMetadataResponse);
export const FETCH = wireApi(1, 'Fetch', g.FetchRequestVersions, g.writeFetchRequest, g.readFetchResponse, 12);
export const LIST_OFFSETS = wireApi(2, 'ListOffsets', g.ListOffsetsRequestVersions, g.writeListOffsetsRequest, g.readListOffsetsResponse);
export const FIND_COORDINATOR = wireApi(10, 'FindCoordinator', g.FindCoordinatorRequestVersions, g.writeFindCoordinatorRequest, g.readFindCoordinatorResponse, 3);
export const DELETE_RECORDS = wireApi(21, 'DeleteRecords', g.DeleteRecordsRequestVersions, g.writeDeleteRecordsRequest, g.readDeleteRecordsResponse);
export const DESCRIBE_LOG_DIRS = wireApi(35, 'DescribeLogDirs', g.DescribeLogDirsRequestVersions, g.writeDescribeLogDirsRequest, g.readDescribeLogDirsResponse);
export const INCREMENTAL_ALTER_CONFIGS = wireApi(44, 'IncrementalAlterConfigs', g.IncrementalAlterConfigsRequestVersions,
  g.writeIncrementalAlterConfigsRequest, g.readIncrementalAlterConfigsResponse);
export const OFFSET_COMMIT = wireApi(8, 'OffsetCommit', g.OffsetCommitRequestVersions, g.writeOffsetCommitRequest, g.readOffsetCommitResponse);
export const CONSUMER_GROUP_DESCRIBE = wireApi(69, 'ConsumerGroupDescribe', g.ConsumerGroupDescribeRequestVersions,
  g.writeConsumerGroupDescribeRequest, g.readConsumerGroupDescribeResponse);
export const OFFSET_DELETE = wireApi(47, 'OffsetDelete', g.OffsetDeleteRequestVersions, g.writeOffsetDeleteRequest, g.readOffsetDeleteResponse);
export const DESCRIBE_CLUSTER = wireApi(60, 'DescribeCluster', g.DescribeClusterRequestVersions, g.writeDescribeClusterRequest, g.readDescribeClusterResponse);
export const DESCRIBE_USER_SCRAM_CREDENTIALS = wireApi(50, 'DescribeUserScramCredentials', g.DescribeUserScramCredentialsRequestVersions,
  g.writeDescribeUserScramCredentialsRequest, g.readDescribeUserScramCredentialsResponse);
export const ALTER_USER_SCRAM_CREDENTIALS = wireApi(51, 'AlterUserScramCredentials', g.AlterUserScramCredentialsRequestVersions,
  g.writeAlterUserScramCredentialsRequest, g.readAlterUserScramCredentialsResponse);

/** Browsing shows every record up to the high watermark (aborted ones included), like kafka-console-consumer. */
export const ISOLATION_READ_UNCOMMITTED = 0;
export const ISOLATION_READ_COMMITTED = 1;

/** IncrementalAlterConfigs config_operation values. */
export const ALTER_OP = { set: 0, delete: 1, append: 2, subtract: 3 } as const;
