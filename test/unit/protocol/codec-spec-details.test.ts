/**
 * The protocol subtleties that are easy to get wrong, pinned to exact bytes (the round-trip test
 * checks them statistically; these say precisely what Kafka puts on the wire).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Reader, ProtocolDecodeError } from '../../../src-protocol/codec/reader.js';
import { Writer } from '../../../src-protocol/codec/writer.js';
import {
  readRequestHeader, writeRequestHeader, readResponseHeader, writeResponseHeader, readApiVersionsResponse, writeApiVersionsResponse,
  readDescribeTopicPartitionsRequest, writeDescribeTopicPartitionsRequest, readMetadataRequest, defaultApiVersionsResponse,
  type RequestHeader, type ApiVersionsResponse,
} from '../../../src-protocol/generated/index.js';

const hex = (write: (w: Writer) => void): string => {
  const w = new Writer();
  write(w);
  return w.toBuffer().toString('hex');
};
const reader = (h: string): Reader => new Reader(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

describe('protocol details, byte for byte', () => {
  it('RequestHeader.ClientId is an int16-length string even in header v2', () => {
    const h: RequestHeader = { requestApiKey: 18, requestApiVersion: 3, correlationId: 7, clientId: 'ab' };
    assert.equal(hex((w) => writeRequestHeader(w, 2, h)), '0012' + '0003' + '00000007' + '0002' + '6162' + '00');
    assert.equal(hex((w) => writeRequestHeader(w, 1, { ...h, clientId: null })), '0012000300000007' + 'ffff');
    assert.equal(hex((w) => writeRequestHeader(w, 0, h)), '0012000300000007');
    const r = reader('0012 0003 00000007 0002 6162 00');
    assert.deepStrictEqual(readRequestHeader(r, 2), h);
    assert.equal(r.remaining(), 0);
  });

  it('RequestHeader v2 skips unknown tagged fields (clients may add some)', () => {
    const r = reader('0012 0003 00000007 ffff 02 05 02 aabb 7f 00 ee');
    assert.deepStrictEqual(readRequestHeader(r, 2), { requestApiKey: 18, requestApiVersion: 3, correlationId: 7, clientId: null });
    assert.equal(r.remaining(), 1, 'stops right after the tagged section');
  });

  it('ResponseHeader v0 is the correlation id alone; v1 adds an empty tagged section', () => {
    assert.equal(hex((w) => writeResponseHeader(w, 0, { correlationId: 0x01020304 })), '01020304');
    assert.equal(hex((w) => writeResponseHeader(w, 1, { correlationId: 0x01020304 })), '0102030400');
    assert.deepStrictEqual(readResponseHeader(reader('01020304 00'), 1), { correlationId: 0x01020304 });
  });

  it('a nullable struct carries an int8 marker: -1 null, 1 present', () => {
    const base = { topics: [], responsePartitionLimit: 2000 };
    assert.equal(hex((w) => writeDescribeTopicPartitionsRequest(w, 0, { ...base, cursor: null })), '01' + '000007d0' + 'ff' + '00');
    const present = hex((w) => writeDescribeTopicPartitionsRequest(w, 0, { ...base, cursor: { topicName: 't', partitionIndex: 3 } }));
    assert.equal(present, '01' + '000007d0' + '01' + '0274' + '00000003' + '00' + '00');
    assert.deepStrictEqual(readDescribeTopicPartitionsRequest(reader(present), 0).cursor, { topicName: 't', partitionIndex: 3 });
    // Any negative marker means null, as in Kafka's generated readers.
    assert.equal(readDescribeTopicPartitionsRequest(reader('01 000007d0 80 00'), 0).cursor, null);
  });

  it('tagged fields: only non-default ones, in ascending tag order', () => {
    const res: ApiVersionsResponse = { ...defaultApiVersionsResponse(), apiKeys: [], zkMigrationReady: true, finalizedFeaturesEpoch: 5 };
    // error_code, api_keys (compact, empty), throttle, then 2 tags: 1 (int64 epoch) before 3 (bool).
    const expected = '0000' + '01' + '00000000' + '02' + '01' + '08' + '0000000000000005' + '03' + '01' + '01';
    assert.equal(hex((w) => writeApiVersionsResponse(w, 3, res)), expected);
    assert.equal(hex((w) => writeApiVersionsResponse(w, 3, defaultApiVersionsResponse())), '0000' + '01' + '00000000' + '00');
    const back = readApiVersionsResponse(reader(expected), 3);
    assert.equal(back.zkMigrationReady, true);
    assert.equal(back.finalizedFeaturesEpoch, 5);
  });

  it('a tagged field whose size runs past the frame is rejected', () => {
    // ApiVersionsResponse v3 with one unknown tag (9) that claims 100 bytes but has 2.
    assert.throws(() => readApiVersionsResponse(reader('0000 01 00000000 01 09 64 aabb'), 3), ProtocolDecodeError);
    // A known tag whose value overruns its declared size.
    assert.throws(() => readApiVersionsResponse(reader('0000 01 00000000 01 03 00 01'), 3), ProtocolDecodeError);
  });

  it('int64 sentinels beyond 2^53 are clamped to Long.MAX_VALUE / MIN_VALUE', () => {
    assert.equal(hex((w) => w.int64(2 ** 63)), '7fffffffffffffff');
    assert.equal(hex((w) => w.int64(-(2 ** 64))), '8000000000000000');
    assert.equal(hex((w) => w.int64(-1)), 'ffffffffffffffff');
    assert.equal(new Reader(Buffer.from('ffffffffffffffff', 'hex')).int64(), -1);
  });

  it('hostile counts and lengths fail fast with ProtocolDecodeError', () => {
    // Metadata v0: topics array claiming 2^31-1 entries with 0 bytes following.
    assert.throws(() => readMetadataRequest(reader('7fffffff'), 0), ProtocolDecodeError);
    // Metadata v9 (flexible): compact array length as an over-long varint.
    assert.throws(() => readMetadataRequest(reader('ffffffffff0f'), 9), ProtocolDecodeError);
    // A string longer than the frame.
    assert.throws(() => readMetadataRequest(reader('00000001 7fff 61'), 1), ProtocolDecodeError);
    // Null for a non-nullable array (Metadata v0 topics).
    assert.throws(() => readMetadataRequest(reader('ffffffff'), 0), ProtocolDecodeError);
  });
});
