// Shared setup for the log-management engine tests: an in-process broker with fast maintenance
// intervals and kafkajs clients that stay quiet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs, { type Kafka } from 'kafkajs';

const { Kafka: KafkaClient, logLevel } = kafkajs;
import { startBroker, type BrokerHandle } from '../../../src-engine/index.js';

export interface LmBroker {
  handle: BrokerHandle;
  kafka: Kafka;
  dataDir: string;
  restart(): Promise<LmBroker>;
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startLmBroker(configs: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-lm-'))): Promise<LmBroker> {
  const handle = await startBroker({
    dataDir,
    port: 0,
    retentionCheckIntervalMs: 50,
    groupInitialRebalanceDelayMs: 0,
    configs: { 'log.cleaner.backoff.ms': '50', ...configs },
  });
  const kafka = new KafkaClient({ clientId: 'lm-test', brokers: [`${handle.host}:${handle.port}`], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const self: LmBroker = {
    handle,
    kafka,
    dataDir,
    async restart() {
      await handle.stop();
      return startLmBroker(configs, dataDir);
    },
    async stop(opts = {}) {
      await handle.stop();
      if (!opts.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return self;
}

/** Polls `cond` until it holds (bounded), instead of sleeping a fixed time. */
export async function eventually<T>(what: string, cond: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Reads every record of a topic from the beginning until `expected` records arrived or idle. */
export async function consumeAll(kafka: Kafka, topic: string, expected: number, timeoutMs = 15_000):
Promise<{ key: string | null; value: string | null; offset: number; partition: number }[]> {
  const consumer = kafka.consumer({ groupId: `g-${topic}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const out: { key: string | null; value: string | null; offset: number; partition: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, offset: Number(message.offset), partition });
    },
  });
  try {
    await eventually(`${expected} records from ${topic}`, () => out.length >= expected, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** Reads partition 0 of `topic` from the beginning up to its current high watermark. */
export async function readToEnd(kafka: Kafka, topic: string, timeoutMs = 15_000):
Promise<{ key: string | null; value: string | null; offset: number; partition: number }[]> {
  const admin = kafka.admin();
  await admin.connect();
  const high = Number((await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 0)?.high ?? 0);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `g-${topic}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  const out: { key: string | null; value: string | null; offset: number; partition: number }[] = [];
  let last = -1;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      last = Number(message.offset);
      out.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, offset: last, partition });
    },
  });
  try {
    await eventually(`${topic} read up to offset ${high - 1}`, () => high === 0 || last >= high - 1, timeoutMs);
  } finally {
    await consumer.disconnect();
  }
  return out;
}
