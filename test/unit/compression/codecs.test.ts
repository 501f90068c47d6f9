import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { compressSync as rawSnappyCompress } from 'snappy';
import { CompressionCodec, compress, decompress, type CompressionCodecId } from '../../../src-engine/compression/codecs.js';
import { isXerialFramed } from '../../../src-engine/compression/snappy-xerial.js';
import { decodeIndependentBlockFrames } from '../../../src-engine/compression/lz4-frame.js';
import { KAFKAJS_CODECS } from '../../../src-engine/compression/kafkajs-codecs.js';
import { buildRecordBatch, decodeRecords } from '../../../src-engine/storage/records.js';
import { parseBatches } from '../../../src-engine/storage/record-batch.js';
import { kafkajsDecodeBatch, kafkajsEncodeBatch, registerKafkaJsCodecs } from './kafkajs-internals.js';

const CODECS: [string, CompressionCodecId][] = [
  ['gzip', CompressionCodec.GZIP], ['snappy', CompressionCodec.SNAPPY],
  ['lz4', CompressionCodec.LZ4], ['zstd', CompressionCodec.ZSTD],
];

function sample(size: number): Buffer {
  const text = Buffer.from('kafkadesk compression sample '.repeat(Math.ceil(size / 29))).subarray(0, size);
  return Buffer.concat([text, randomBytes(Math.floor(size / 8))]);
}

registerKafkaJsCodecs(KAFKAJS_CODECS);

for (const [name, codec] of CODECS) {
  test(`${name}: round trip small, empty and multi-block inputs`, () => {
    for (const input of [Buffer.alloc(0), Buffer.from('x'), sample(1000), sample(300_000)]) {
      const packed = compress(codec, input);
      assert.deepEqual(decompress(codec, packed), input);
    }
  });

  test(`${name}: kafkajs decodes a batch we compressed, and we decode one kafkajs compressed`, async () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      key: i % 7 === 0 ? null : Buffer.from(`key-${i}`),
      value: Buffer.from(`value-${i}-`.repeat(20)),
      headers: [{ key: 'h', value: Buffer.from(String(i)) }],
      timestamp: 1_700_000_000_000 + i,
    }));
    const ours = buildRecordBatch({ records, compression: codec });
    const decodedByKafkaJs = await kafkajsDecodeBatch(ours);
    assert.equal(decodedByKafkaJs.length, 50);
    decodedByKafkaJs.forEach((r, i) => {
      assert.deepEqual(r.key, records[i]?.key);
      assert.deepEqual(r.value, records[i]?.value);
      assert.equal(r.timestamp, String(records[i]?.timestamp));
      assert.deepEqual(r.headers.h, Buffer.from(String(i)));
    });

    const theirs = await kafkajsEncodeBatch(records.map((r) => ({ key: r.key, value: r.value, headers: { h: Buffer.from('x') } })),
      codec, 1_700_000_000_000);
    const parsed = parseBatches(theirs);
    assert.ok(parsed.ok, 'kafkajs batch parses with a valid CRC');
    const header = parsed.batches[0];
    assert.ok(header);
    assert.equal(header.compression, codec);
    const decoded = decodeRecords(theirs, header);
    assert.equal(decoded.length, 50);
    assert.deepEqual(decoded[3]?.value, records[3]?.value);
    assert.equal(decoded[0]?.key, null);
    assert.equal(decoded[5]?.timestamp, 1_700_000_000_005);
    assert.deepEqual(decoded[5]?.headers, [{ key: 'h', value: Buffer.from('x') }]);
  });
}

test('snappy: writer produces xerial framing; reader accepts raw snappy too', () => {
  const input = sample(100_000);
  const framed = compress(CompressionCodec.SNAPPY, input);
  assert.ok(isXerialFramed(framed));
  assert.equal(framed.readInt32BE(8), 1);
  assert.equal(framed.readInt32BE(12), 1);
  assert.deepEqual(decompress(CompressionCodec.SNAPPY, framed), input);
  assert.deepEqual(decompress(CompressionCodec.SNAPPY, rawSnappyCompress(input)), input);
});

test('lz4: standard frame with independent blocks, readable by the lz4 CLI and vice versa', (t) => {
  const input = sample(200_000);
  const framed = compress(CompressionCodec.LZ4, input);
  assert.equal(framed.readUInt32LE(0), 0x184d2204, 'LZ4 frame magic');
  const flg = framed[4] ?? 0;
  assert.equal(flg >> 6, 1, 'frame version 01');
  assert.ok((flg & 0x20) !== 0, 'block independence (Kafka readers do not support linked blocks)');
  let cliAvailable = true;
  try { execFileSync('lz4', ['--version'], { stdio: 'ignore' }); } catch { cliAvailable = false; }
  if (!cliAvailable) { t.skip('lz4 CLI not installed'); return; }
  assert.deepEqual(execFileSync('lz4', ['-d', '-c'], { input: framed, maxBuffer: 1 << 24 }), input);
  // Linked blocks (librdkafka's default) take the lz4-napi fallback; independent blocks with block checksums and a
  // content size (other writers) take the block-by-block fast path.
  for (const flags of [['-B4', '-BD'], ['-B4', '-BX', '--content-size'], ['-B7', '--no-frame-crc'], ['-B5', '-BI']]) {
    const fromCli = execFileSync('lz4', ['-c', ...flags], { input, maxBuffer: 1 << 24 });
    assert.deepEqual(decompress(CompressionCodec.LZ4, fromCli), input, `lz4 ${flags.join(' ')}`);
    assert.equal(decodeIndependentBlockFrames(fromCli) === null, flags[1] === '-BD', `fast path used for ${flags.join(' ')}`);
  }
  assert.deepEqual(decodeIndependentBlockFrames(framed), input, 'our own frames take the fast path');
  const incompressible = randomBytes(150_000);
  const stored = execFileSync('lz4', ['-c', '-B4'], { input: incompressible, maxBuffer: 1 << 24 });
  assert.deepEqual(decompress(CompressionCodec.LZ4, stored), incompressible, 'uncompressed (stored) blocks');
  const twoFrames = Buffer.concat([compress(CompressionCodec.LZ4, Buffer.from('first ')), compress(CompressionCodec.LZ4, Buffer.from('second'))]);
  assert.equal(decompress(CompressionCodec.LZ4, twoFrames).toString(), 'first second');
});

test('zstd: decodes streamed frames without a content size (as Java zstd-jni writes them)', (t) => {
  const input = sample(200_000);
  let cliAvailable = true;
  try { execFileSync('zstd', ['--version'], { stdio: 'ignore' }); } catch { cliAvailable = false; }
  if (!cliAvailable) { t.skip('zstd CLI not installed'); return; }
  const streamed = execFileSync('zstd', ['-c', '-q', '--no-content-size'], { input, maxBuffer: 1 << 24 });
  assert.deepEqual(decompress(CompressionCodec.ZSTD, streamed), input);
  assert.deepEqual(execFileSync('zstd', ['-d', '-c', '-q'], { input: compress(CompressionCodec.ZSTD, input), maxBuffer: 1 << 24 }), input);
});

test('corrupt compressed data throws', () => {
  for (const [, codec] of CODECS) {
    assert.throws(() => decompress(codec, Buffer.from('definitely not compressed data at all')));
  }
});

test('decompression is bounded: output beyond the limit throws instead of allocating', (t) => {
  const input = Buffer.alloc(100_000, 7);
  for (const [name, codec] of CODECS) {
    const packed = compress(codec, input);
    assert.throws(() => decompress(codec, packed, 50_000), RangeError, name);
    assert.deepEqual(decompress(codec, packed, 100_000), input, `${name} at exactly the limit`);
  }
  let cliAvailable = true;
  try { execFileSync('zstd', ['--version'], { stdio: 'ignore' }); } catch { cliAvailable = false; }
  if (!cliAvailable) { t.skip('zstd CLI not installed'); return; }
  const streamed = execFileSync('zstd', ['-c', '-q', '--no-content-size'], { input, maxBuffer: 1 << 24 });
  assert.throws(() => decompress(CompressionCodec.ZSTD, streamed, 50_000), RangeError, 'zstd without a declared size');
  assert.throws(() => decompress(CompressionCodec.ZSTD, streamed.subarray(0, streamed.length - 3)), /truncated/);
  assert.deepEqual(decompress(CompressionCodec.ZSTD, streamed), input, 'the shared context still works after errors');
});
