// The Reader's varint fast paths (one and two bytes) answer exactly what the general loop does, for every
// length class and sign, back to back in one buffer, and a varint cut short still fails as truncated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader, ProtocolDecodeError } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';

const edges = [0, 1, 63, 64, 127, 128, 8191, 8192, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 31 - 1];
const signed = [...edges, ...edges.filter((v) => v > 0).map((v) => -v), -(2 ** 31)];

test('uvarint, varint and varlong read back what the Writer wrote, one after another', () => {
  const w = new Writer();
  for (const v of edges) w.uvarint(v);
  for (const v of signed) w.varint(v);
  const longs = [...signed, 2 ** 40, -(2 ** 40), 2 ** 51, -(2 ** 51)];
  for (const v of longs) w.varlong(v);
  const r = new Reader(w.toBuffer());
  assert.deepEqual(edges.map(() => r.uvarint()), edges);
  assert.deepEqual(signed.map(() => r.varint()), signed);
  assert.deepEqual(longs.map(() => r.varlong()), longs);
  assert.equal(r.remaining(), 0);
});

test('a varint cut short is a truncation error, also when the Reader ends before the buffer does', () => {
  for (const v of [200, 20_000, 2 ** 25]) {
    const w = new Writer();
    w.uvarint(v);
    const bytes = w.toBuffer();
    for (let cut = 0; cut < bytes.length; cut++) {
      assert.throws(() => new Reader(bytes.subarray(0, cut)).uvarint(), ProtocolDecodeError);
      assert.throws(() => new Reader(Buffer.concat([bytes, Buffer.alloc(4)]), 0, cut).uvarint(), ProtocolDecodeError);
      assert.throws(() => new Reader(bytes.subarray(0, cut)).varlong(), ProtocolDecodeError);
    }
  }
});

test('int8 reads signed bytes', () => {
  const r = new Reader(Buffer.from([0x00, 0x7f, 0x80, 0xff]));
  assert.deepEqual([r.int8(), r.int8(), r.int8(), r.int8()], [0, 127, -128, -1]);
  assert.throws(() => r.int8(), ProtocolDecodeError);
});
