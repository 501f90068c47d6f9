/**
 * The iteration order of a java.util.HashMap<String, _>: Kafka's classic group keeps its members in
 * one, and lists them in that order to the JoinGroup leader and in DescribeGroups. Buckets are
 * `(h ^ h >>> 16) & (capacity - 1)` of String.hashCode; the table starts at 16 and doubles whenever
 * the size passes 3/4 of it (it never shrinks); keys sharing a bucket keep their insertion order.
 */
import { javaStringHash } from './consumer/kafka-hash-order.js';

export function javaHashMapCapacity(peakSize: number): number {
  let capacity = 16;
  while (peakSize > capacity * 0.75) capacity *= 2;
  return capacity;
}

/** `keys` in insertion order (as a JS Map holds them); `peakSize`: the most entries the map ever had. */
export function javaHashMapOrder<K extends string>(keys: readonly K[], peakSize: number): K[] {
  const mask = javaHashMapCapacity(Math.max(peakSize, keys.length)) - 1;
  const bucket = (k: string): number => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & mask;
  };
  return keys.map((k, i) => ({ k, b: bucket(k), i })).sort((x, y) => x.b - y.b || x.i - y.i).map((x) => x.k);
}
