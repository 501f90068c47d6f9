/** Key skew and hot partitions of one topic (docs/INSIGHT.md). */

export interface PartitionKeyStats {
  partition: number;
  /** High watermark - log start: every record still in the log. */
  records: number;
  /** Records read for the key statistics (the newest ones; all of them when `exact`). */
  sampledRecords: number;
  sampledBytes: number;
  /** Distinct keys among the sampled records (null keys not counted). */
  distinctKeys: number;
  nullKeys: number;
  /** Keyed sampled records that murmur2(key) would not put here (another partitioner, or partitions added since). */
  notByMurmur2: number;
  exact: boolean;
}

export interface TopKey {
  /** UTF-8 text when the key is printable, else base64 (see `encoding`). */
  key: string;
  encoding: 'text' | 'base64';
  records: number;
  bytes: number;
  partitions: number[];
}

export interface PartitionSpread {
  partitions: number;
  /** Sampled keyed records per partition under murmur2 with this partition count. */
  keyedRecords: number[];
  /** Coefficient of variation of keyedRecords (0 = perfectly even). */
  skewScore: number;
  maxOverMean: number;
}

export interface KeySkewReport {
  topic: string;
  partitions: PartitionKeyStats[];
  /** Coefficient of variation of records per partition (0 = even). */
  skewScore: number;
  /** Largest partition's records / mean. */
  maxOverMean: number;
  hottestPartition: number | null;
  topKeys: TopKey[];
  /** The sampled keyed records as murmur2 spreads them now and over the asked-for partition counts. */
  whatIf: PartitionSpread[];
  /** Null-key records are spread by the sticky partitioner (batch by batch), not by key: they are not in whatIf. */
  sampledNullKeys: number;
  samplePerPartition: number;
}
