/**
 * What the traffic inspector costs: produce throughput with the inspector closed vs open (its recorder leased and
 * read once a second, as the GUI does) on one broker, with two workloads: kcat bulk (few large requests, MB/s) and
 * kafkajs sending one record per request from 20 concurrent senders (the recorder's worst case, requests/s).
 * Best of 3 alternating runs each.
 * `node --import tsx bench/traffic-inspector.ts [records] [size]`. Target: open costs under 5% of the throughput.
 */
import { loadavg } from 'node:os';
import { startTestBroker } from '../test/helpers/broker.js';
import kafkajs from 'kafkajs';
import { kcatProduce, recordFile } from './lib/native-client.js';

const records = Number(process.argv[2] ?? 1_000_000);
const size = Number(process.argv[3] ?? 100);
const broker = await startTestBroker();
const file = await recordFile(records, size);
const SMALL_REQUESTS = 20_000;
const kafka = new kafkajs.Kafka({ clientId: 'bench-traffic', brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING });
const producer = kafka.producer();
await producer.connect();
/** Milliseconds for SMALL_REQUESTS single-record produce requests from 20 concurrent senders. */
async function smallRequests(topic: string): Promise<number> {
  await producer.send({ topic, messages: [{ value: 'warm-up' }] });
  let left = SMALL_REQUESTS;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (left-- > 0) await producer.send({ topic, acks: 1, messages: [{ value: 'x'.repeat(size) }] });
  }));
  return performance.now() - t0;
}
const workloads: Record<string, (topic: string) => Promise<number>> = {
  bulk: (topic) => kcatProduce(broker.bootstrap, topic, file),
  'small requests': smallRequests,
};
const best = new Map<string, number>();
let seen = 0;
let seq = 0;
let reader: ReturnType<typeof setInterval> | null = null;
const open = (): void => {
  broker.insight.traffic(seq);
  reader = setInterval(() => {
    const snap = broker.insight.traffic(seq);
    seq = snap.lastSeq;
    seen += snap.entries.length + snap.missed;
  }, 1000);
};
const close = (): void => {
  if (!reader) return;
  clearInterval(reader);
  reader = null;
  const snap = broker.insight.traffic(seq);
  seq = snap.lastSeq;
  seen += snap.entries.length + snap.missed;
};
try {
  for (let run = 0; run < 3; run++) {
    for (const [name, workload] of Object.entries(workloads)) {
      for (const inspector of ['closed', 'open'] as const) {
        if (inspector === 'open') open();
        const ms = await workload(`bench-traffic-${name.replace(' ', '-')}-${inspector}-${run}`);
        close();
        const key = `${name}|${inspector}`;
        best.set(key, Math.min(best.get(key) ?? Infinity, ms));
      }
    }
  }
} finally {
  close();
  await producer.disconnect();
  await broker.stop();
}
for (const name of Object.keys(workloads)) {
  const closedMs = best.get(`${name}|closed`)!;
  const openMs = best.get(`${name}|open`)!;
  const rate = (ms: number): string => name === 'bulk' ? `${((records * size) / 1e6 / (ms / 1000)).toFixed(1)} MB/s` : `${Math.round(SMALL_REQUESTS / (ms / 1000))} req/s`;
  process.stdout.write(`${name.padEnd(15)} closed ${rate(closedMs)}  open ${rate(openMs)}  open/closed ${(closedMs / openMs).toFixed(3)}\n`);
}
process.stdout.write(`requests recorded while open (3 runs of each workload): ${seen}\nload average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
