/** kafkajs throughput and latency drivers. */
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

export function kafkaClient(bootstrap: string): kafkajs.Kafka {
  return new Kafka({ clientId: 'kafkadesk-bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });
}

export async function kafkajsProduce(bootstrap: string, topic: string, count: number, size: number): Promise<number> {
  const producer = kafkaClient(bootstrap).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const value = Buffer.alloc(size, 0x62);
  const batch = 1000;
  const inFlight = 4;
  const t0 = performance.now();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < count) {
      const n = Math.min(batch, count - sent);
      sent += n;
      await producer.send({ topic, acks: 1, messages: Array.from({ length: n }, () => ({ value })) });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const ms = performance.now() - t0;
  await producer.disconnect();
  return ms;
}

export async function kafkajsConsume(bootstrap: string, topic: string, count: number): Promise<number> {
  const consumer = kafkaClient(bootstrap).consumer({ groupId: `bench-${topic}-${Date.now()}`, maxBytes: 50 * 1024 * 1024, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= count) resolve();
      },
    });
  });
  const ms = performance.now() - t0;
  await consumer.disconnect();
  return ms;
}

/** Sends one record at a time at `ratePerSec` for `seconds`; returns per-send latencies (ms). */
export async function kafkajsLatency(bootstrap: string, topic: string, ratePerSec: number, seconds: number): Promise<number[]> {
  const producer = kafkaClient(bootstrap).producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'warm-up' }] });
  const latencies: number[] = [];
  const value = Buffer.alloc(100, 0x63);
  const total = ratePerSec * seconds;
  const interval = 1000 / ratePerSec;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    pending.push(producer.send({ topic, acks: 1, messages: [{ value }] }).then(() => void latencies.push(performance.now() - t)));
  }
  await Promise.all(pending);
  await producer.disconnect();
  return latencies;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
