/**
 * Kafka's record formats for the internal `__consumer_offsets` topic: each key and value is an
 * int16 version followed by the struct at that version. Kafka 3.9 writes offset commits as key v1
 * + value v3 (value v1 when an explicit expire timestamp exists) and classic group metadata as key
 * v2 + value v3; a null value is a tombstone. Records of other types (KIP-848 groups) are skipped.
 */
import { Reader } from '../../src-protocol/codec/reader.js';
import { Writer } from '../../src-protocol/codec/writer.js';
import { readGroupMetadataKey, writeGroupMetadataKey } from '../../src-protocol/generated/internal/group-metadata-key.js';
import { readGroupMetadataValue, writeGroupMetadataValue, type GroupMetadataValue } from '../../src-protocol/generated/internal/group-metadata-value.js';
import { readOffsetCommitKey, writeOffsetCommitKey } from '../../src-protocol/generated/internal/offset-commit-key.js';
import { readOffsetCommitValue, writeOffsetCommitValue } from '../../src-protocol/generated/internal/offset-commit-value.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string;
  commitTimestamp: number;
  /** Only set by OffsetCommit v2-v4 with an explicit retention time. */
  expireTimestamp: number | null;
}

export interface KeyValue {
  key: Buffer;
  value: Buffer | null;
}

export type OffsetsTopicRecord =
  | { kind: 'offset'; group: string; topic: string; partition: number; value: CommittedOffset | null }
  | { kind: 'group'; group: string; value: GroupMetadataValue | null }
  | { kind: 'unknown'; keyVersion: number };

function versioned(version: number, write: (w: Writer) => void): Buffer {
  const w = new Writer(64);
  w.int16(version);
  write(w);
  return w.toBuffer();
}

export function offsetCommitRecord(group: string, topic: string, partition: number, value: CommittedOffset | null): KeyValue {
  const key = versioned(1, (w) => writeOffsetCommitKey(w, 1, { group, topic, partition }));
  if (value === null) return { key, value: null };
  const valueVersion = value.expireTimestamp === null ? 3 : 1;
  return {
    key,
    value: versioned(valueVersion, (w) =>
      writeOffsetCommitValue(w, valueVersion, {
        offset: value.offset,
        leaderEpoch: value.leaderEpoch,
        metadata: value.metadata,
        commitTimestamp: value.commitTimestamp,
        expireTimestamp: value.expireTimestamp ?? -1,
      }),
    ),
  };
}

export function groupMetadataRecord(group: string, value: GroupMetadataValue | null): KeyValue {
  const key = versioned(2, (w) => writeGroupMetadataKey(w, 2, { group }));
  return { key, value: value === null ? null : versioned(3, (w) => writeGroupMetadataValue(w, 3, value)) };
}

/** Decodes one record; throws on corrupt bytes of a known type (callers log and skip). */
export function decodeOffsetsTopicRecord(key: Buffer, value: Buffer | null): OffsetsTopicRecord {
  const kr = new Reader(key);
  const keyVersion = kr.int16();
  if (keyVersion === 0 || keyVersion === 1) {
    const k = readOffsetCommitKey(kr, keyVersion);
    if (value === null) return { kind: 'offset', group: k.group, topic: k.topic, partition: k.partition, value: null };
    const vr = new Reader(value);
    const vv = vr.int16();
    const v = readOffsetCommitValue(vr, Math.min(vv, 4));
    return {
      kind: 'offset',
      group: k.group,
      topic: k.topic,
      partition: k.partition,
      value: {
        offset: v.offset,
        leaderEpoch: v.leaderEpoch,
        metadata: v.metadata,
        commitTimestamp: v.commitTimestamp,
        expireTimestamp: vv === 1 && v.expireTimestamp >= 0 ? v.expireTimestamp : null,
      },
    };
  }
  if (keyVersion === 2) {
    const k = readGroupMetadataKey(kr, 2);
    if (value === null) return { kind: 'group', group: k.group, value: null };
    const vr = new Reader(value);
    const vv = vr.int16();
    return { kind: 'group', group: k.group, value: readGroupMetadataValue(vr, Math.min(vv, 4)) };
  }
  return { kind: 'unknown', keyVersion };
}

/**
 * The partition of `__consumer_offsets` that owns a group: Kafka's `Utils.abs(groupId.hashCode) %
 * partitions`, with Java's String.hashCode over UTF-16 code units.
 */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  let h = 0;
  for (let i = 0; i < groupId.length; i++) h = (Math.imul(h, 31) + groupId.charCodeAt(i)) | 0;
  return (h & 0x7fffffff) % partitions;
}
