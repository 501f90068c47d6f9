/**
 * Shared pieces of the transaction tests: an in-process broker that exposes its insight and event
 * stream (and checks transaction timeouts every 100 ms), a kafkajs client, a consumer that reads a
 * topic up to a sentinel record under either isolation level, and raw ListOffsets.
 */
import { rmSync } from 'node:fs';
import kafkajs, { type Kafka as KafkaClient } from 'kafkajs';
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';
import type { EngineEvent } from '../../../src-common/engine-events.js';
import type { ListOffsetsRequest, ListOffsetsResponse } from '../../../src-protocol/generated/02-list-offsets.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../../../src-protocol/generated/09-offset-fetch.js';
import { consoleLogger } from '../../../src-engine/logger.js';
import { tempDataDir } from '../../helpers/broker.js';
import { RawClient, rawApi } from '../../helpers/raw-client.js';

const { Kafka, logLevel } = kafkajs;

export interface TxnBroker {
  handle: BrokerHandle;
  bootstrap: string;
  dataDir: string;
  events: EngineEvent[];
  kafka: KafkaClient;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startTxnBroker(dataDir = tempDataDir('kafkadesk-txn-'), port = 0, configs: Record<string, string> = {}): Promise<TxnBroker> {
  const handle = await startBroker({
    dataDir, port, host: '127.0.0.1', autoCreateTopics: true, groupInitialRebalanceDelayMs: 0,
    configs: { 'transaction.abort.timed.out.transaction.cleanup.interval.ms': '100', ...configs },
    logger: consoleLogger('silent'),
  });
  const events: EngineEvent[] = [];
  handle.events.on('event', (e) => events.push(e));
  const bootstrap = `${handle.host}:${handle.port}`;
  const kafka = new Kafka({ clientId: 'kafkadesk-txn-test', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  let stopped = false;
  return {
    handle, bootstrap, dataDir, events, kafka,
    async stop(opts = {}) {
      if (stopped) return;
      stopped = true;
      await handle.stop();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Seen {
  offset: number;
  key: string;
}

/**
 * Reads one partition-0 topic from the beginning with a fresh group until the record keyed
 * `sentinel` arrives; returns everything seen in order.
 */
export async function readUntil(kafka: KafkaClient, topic: string, sentinel: string, readUncommitted: boolean, timeoutMs = 20_000): Promise<Seen[]> {
  const consumer = kafka.consumer({ groupId: `read-${topic}-${readUncommitted ? 'ru' : 'rc'}-${Date.now()}`, readUncommitted, maxWaitTimeInMs: 100 });
  const seen: Seen[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${JSON.stringify(seen)}`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? '';
          seen.push({ offset: Number(message.offset), key });
          if (key === sentinel) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** ListOffsets v2+ latest (-1) for partition 0 under an isolation level (0 read_uncommitted, 1 read_committed). */
export async function latestOffset(bootstrap: string, topic: string, isolationLevel: 0 | 1): Promise<number> {
  const [host, port] = bootstrap.split(':');
  const raw = await RawClient.connect(host ?? '127.0.0.1', Number(port));
  try {
    const res = await raw.send(rawApi<ListOffsetsRequest, ListOffsetsResponse>(2), 5, {
      replicaId: -1, isolationLevel,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: -1, maxNumOffsets: 1 }] }],
    });
    const p = res.topics[0]?.partitions[0];
    if (!p || p.errorCode !== 0) throw new Error(`ListOffsets failed: ${JSON.stringify(res)}`);
    return p.offset;
  } finally {
    raw.close();
  }
}

/** OffsetFetch v7 with require_stable for partition 0: [error code, committed offset]. */
export async function stableOffset(bootstrap: string, groupId: string, topic: string): Promise<[number, number]> {
  const [host, port] = bootstrap.split(':');
  const raw = await RawClient.connect(host ?? '127.0.0.1', Number(port));
  try {
    const res = await raw.send(rawApi<OffsetFetchRequest, OffsetFetchResponse>(9), 7, {
      groupId, topics: [{ name: topic, partitionIndexes: [0] }], groups: [], requireStable: true,
    });
    const p = res.topics[0]?.partitions[0];
    return [p?.errorCode ?? -1, p?.committedOffset ?? -1];
  } finally {
    raw.close();
  }
}

export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
