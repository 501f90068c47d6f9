import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmur2, partitionForKey } from '../../../src-common/partitioning/murmur2.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('murmur2 matches the vectors in Kafka UtilsTest.testMurmur2', () => {
  assert.equal(murmur2(enc('21')), -973932308);
  assert.equal(murmur2(enc('foobar')), -790332482);
  assert.equal(murmur2(enc('a-little-bit-long-string')), -985981536);
  assert.equal(murmur2(enc('a-little-bit-longer-string')), -1486304829);
  assert.equal(murmur2(enc('abc')), 479470107);
});

test('partitionForKey uses toPositive, not Math.abs', () => {
  // murmur2("21") is negative: toPositive masks the sign bit.
  assert.equal(partitionForKey(enc('21'), 7), (-973932308 & 0x7fffffff) % 7);
});
