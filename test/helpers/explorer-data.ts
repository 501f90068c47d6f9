// Writes the data the segment explorer tests open: one topic per codec produced by kcat (librdkafka compresses,
// not our codecs), a transactional topic with a committed and an aborted transaction (kafkajs), and a compacted
// topic with repeated keys. Works against the engine and the reference Apache Kafka alike.
import kafkajs from 'kafkajs';
import { assertOk, kcat, waitFor } from './clients.js';
import { createTopic } from './topics.js';

const { Kafka, logLevel } = kafkajs;

/** An offset and time index entry for every batch, so the index checks have entries to check. */
const DENSE_INDEX = { 'index.interval.bytes': '1' };

export const EXPLORER_CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type ExplorerCodecName = (typeof EXPLORER_CODECS)[number];

export interface ExplorerData {
  /** codec -> topic; each topic's single partition holds `codecValues` in order, keys `k0`, `k1`, ... */
  codecTopics: Record<ExplorerCodecName, string>;
  codecValues: string[];
  txnTopic: string;
  /** Offsets and values in the transactional topic, markers included. */
  txnLayout: { committed: string[]; aborted: string[]; after: string[] };
  compactTopic: string;
  /** The newest value of each key of the compacted topic. */
  compactLatest: Map<string, string>;
}

export async function writeExplorerData(bootstrap: string, prefix: string): Promise<ExplorerData> {
  const codecValues = Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i, text: `value ${i} `.repeat(8) }));
  const codecTopics = {} as Record<ExplorerCodecName, string>;
  for (const codec of EXPLORER_CODECS) {
    const topic = `${prefix}-codec-${codec}`;
    codecTopics[codec] = topic;
    await createTopic(bootstrap, topic, { configs: DENSE_INDEX });
    // One kcat run per codec: librdkafka batches the 20 lines (linger 100 ms) into compressed batches.
    const input = codecValues.map((v, i) => `k${i}\t${v}`).join('\n') + '\n';
    assertOk(`kcat -z ${codec}`, await kcat(['-P', '-b', bootstrap, '-t', topic, '-p', '0', '-K', '\t', '-z', codec, '-X', 'linger.ms=100'], { input, timeoutMs: 60_000 }));
  }

  const txnTopic = `${prefix}-txn`;
  await createTopic(bootstrap, txnTopic, { configs: DENSE_INDEX });
  const kafka = new Kafka({ clientId: 'explorer-data', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 20 } });
  const producer = kafka.producer({ transactionalId: `${txnTopic}-tx`, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const txnLayout = { committed: ['c1', 'c2'], aborted: ['a1'], after: ['p1'] };
  try {
    const inTxn = async (values: string[], commit: boolean): Promise<void> => {
      const txn = await producer.transaction();
      await txn.send({ topic: txnTopic, messages: values.map((value) => ({ key: 'tx', value })) });
      await (commit ? txn.commit() : txn.abort());
    };
    await inTxn(txnLayout.committed, true);
    await inTxn(txnLayout.aborted, false);
    await inTxn(txnLayout.after, true);
  } finally {
    await producer.disconnect();
  }
  await waitForLogEnd(kafka, txnTopic, 7);

  // Small segment.ms: each round rolls a segment (on the next append), so the cleaner has dirty segments to clean.
  const compactTopic = `${prefix}-compact`;
  await createTopic(bootstrap, compactTopic, {
    configs: { ...DENSE_INDEX, 'cleanup.policy': 'compact', 'segment.ms': '100', 'min.cleanable.dirty.ratio': '0.01', 'delete.retention.ms': '100' },
  });
  const compactLatest = await fillCompacted(bootstrap, compactTopic, 4, 250);
  return { codecTopics, codecValues, txnTopic, txnLayout, compactTopic, compactLatest };
}

/** The markers are written after EndTxn answers: wait until the log end covers them (2 + marker, 1 + marker, 1 + marker). */
async function waitForLogEnd(kafka: InstanceType<typeof Kafka>, topic: string, end: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(`${topic} to reach offset ${end}`, async () => {
      const offsets = await admin.fetchTopicOffsets(topic);
      return Number(offsets[0]?.high ?? 0) >= end;
    }, 30_000, 100);
  } finally {
    await admin.disconnect();
  }
}

/** Produces `rounds` rounds of the same keys into a compacted topic, pausing so segment.ms rolls between rounds. */
export async function fillCompacted(bootstrap: string, topic: string, rounds: number, pauseMs: number): Promise<Map<string, string>> {
  const kafka = new Kafka({ clientId: 'explorer-compact', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const latest = new Map<string, string>();
  try {
    for (let r = 0; r < rounds; r++) {
      const messages = ['a', 'b', 'c'].map((key) => ({ key, value: `${key}-${r}` }));
      for (const m of messages) latest.set(m.key, m.value);
      await producer.send({ topic, acks: -1, messages });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
  return latest;
}
