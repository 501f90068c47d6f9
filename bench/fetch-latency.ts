/**
 * Sequential Fetch round trips against one broker: the consumer's pattern without its decoding cost.
 * `node --import tsx bench/fetch-latency.ts HOST:PORT TOPIC [partitionMaxBytes]` prints MB/s and ms per fetch
 * for reading the partition 0 from offset 0 to its end, one 1 MiB fetch at a time (v12, sessionless).
 */
import { RawClient, rawApi } from '../test/helpers/raw-client.js';
import { defaultFetchRequest, type FetchRequest, type FetchResponse } from '../src-protocol/generated/01-fetch.js';
import { readBatchHeader } from '../src-engine/storage/record-batch.js';

const [address, topicArg, maxArg] = process.argv.slice(2);
if (!address || !topicArg) throw new Error('usage: fetch-latency.ts HOST:PORT TOPIC [partitionMaxBytes]');
const topic: string = topicArg;
const [host, port] = address.split(':');
const partitionMaxBytes = Number(maxArg ?? 1 << 20);
const fetch = rawApi<FetchRequest, FetchResponse>(1);
const client = await RawClient.connect(host!, Number(port));

function request(offset: number): FetchRequest {
  const req = defaultFetchRequest();
  req.maxBytes = 50 << 20;
  req.minBytes = 1;
  req.maxWaitMs = 10;
  req.sessionEpoch = -1;
  req.topics = [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }];
  return req;
}

for (let round = 0; round < 3; round++) {
  let offset = 0;
  let bytes = 0;
  let fetches = 0;
  const t0 = performance.now();
  for (;;) {
    const p = (await client.send(fetch, 12, request(offset))).responses[0]!.partitions[0]!;
    const records = p.records as Buffer;
    fetches++;
    bytes += records.length;
    // Kafka may end with a partial batch: continue after the last whole one.
    let next = -1;
    for (let pos = 0; pos + 61 <= records.length && pos + 12 + records.readInt32BE(pos + 8) <= records.length; pos += 12 + records.readInt32BE(pos + 8)) {
      next = readBatchHeader(records, pos).lastOffset + 1;
    }
    if (next < 0 || next >= p.highWatermark) break;
    offset = next;
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${address} ${topic}: ${fetches} fetches, ${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${(ms / fetches).toFixed(2)} ms/fetch\n`);
}
client.close();
