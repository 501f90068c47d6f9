/**
 * `node --import tsx bench/schema-decoding.ts [--records N]`: decoded browsing and a decoded-field filter over an Avro
 * topic (default 1M records, Confluent wire format, schema in the embedded registry), through the real backend and
 * broker process. Prints the page time (100 records, newest first and from the start; median of 7) and the time
 * of a search whose filter reads a decoded field ($.status = refunded and $.qty >= 990) over every record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import avro from 'avsc';
import kafkajs from 'kafkajs';
import { EMBEDDED_CLUSTER_ID as C } from '../src-common/contract/clusters.js';
import type { MessageFilter } from '../src-common/contract/messages.js';
import { startEmbeddedEngine } from '../src-backend/engine-link.js';
import { KeyFileSecretStore } from '../src-backend/secret-store.js';
import { createBackendService } from '../src-backend/service.js';
import { localClient } from '../test/backend/harness.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('--records', 1_000_000);
const SCHEMA = { type: 'record', name: 'Order', namespace: 'bench', fields: [{ name: 'id', type: 'long' }, { name: 'customer', type: 'string' }, { name: 'qty', type: 'int' }, { name: 'status', type: 'string' }] };

const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-bench-sr-'));
const started = await startEmbeddedEngine({ dataDir: join(dir, 'data'), port: 0, schemaRegistryPort: 0, brokerOptions: { autoCreateTopics: false } });
if (!started.ok) throw new Error(started.error);
const engine = started.link;
const service = await createBackendService({
  configDir: join(dir, 'config'), secretStore: new KeyFileSecretStore(join(dir, 'config', 'secret.key')), engine,
  host: { mode: 'browser', appVersion: 'bench', platform: process.platform, tempDir: join(dir, 'exports') },
  // SCAN_WORKERS=0 runs the scan on this loop (for profiling with --cpu-prof).
  ...(process.env.SCAN_WORKERS !== undefined ? { scanWorkers: Number(process.env.SCAN_WORKERS) } : {}),
});
const client = localClient(service);
try {
  await client.call('topics.create', { clusterId: C, name: 'orders-avro', partitions: 4, replicationFactor: 1 });
  const { id } = await client.call('registry.register', { clusterId: C, subject: 'orders-avro-value', schema: { schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) } });
  const type = avro.Type.forSchema(SCHEMA as avro.Schema);
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  const kafka = new kafkajs.Kafka({ brokers: [`${engine.host}:${engine.port}`], logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const t0 = performance.now();
  for (let base = 0; base < RECORDS; base += 20_000) {
    const messages = Array.from({ length: Math.min(20_000, RECORDS - base) }, (_, j) => {
      const i = base + j;
      return { partition: i % 4, value: Buffer.concat([header, type.toBuffer({ id: i, customer: `c-${i % 5000}`, qty: (i * 7919) % 1000, status: i % 10 === 0 ? 'refunded' : 'paid' })]) };
    });
    await producer.send({ topic: 'orders-avro', acks: 1, compression: kafkajs.CompressionTypes.None, messages });
  }
  await producer.disconnect();
  console.log(`produced ${RECORDS} Avro records in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  for (const [label, start, direction] of [['newest first', { kind: 'latest' }, 'backward'], ['from the start', { kind: 'earliest' }, 'forward']] as const) {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const page = await client.call('messages.page', { clusterId: C, topic: 'orders-avro', partitions: 'all', start, direction, pageSize: 100 });
      times.push(performance.now() - t);
      if (page.messages.length !== 100 || page.messages.some((m) => m.value?.decoded?.as !== 'avro' || m.value.decoded.error !== null)) throw new Error('page not decoded');
    }
    console.log(`decoded page of 100 (${label}): median ${median(times).toFixed(1)} ms, first ${times[0]?.toFixed(1)} ms`);
  }

  const filter: MessageFilter = { match: 'all', conditions: [
    { field: 'json', target: 'value', path: '$.status', op: 'equals', value: 'refunded' },
    { field: 'json', target: 'value', path: '$.qty', op: 'gte', value: 990 }] };
  const t = performance.now();
  const { taskId } = await client.call('messages.search', { clusterId: C, topic: 'orders-avro', partitions: 'all', from: { kind: 'earliest' }, to: { kind: 'latest' }, filter, maxMatches: 10_000 });
  for (;;) {
    const task = await client.call('tasks.get', { taskId });
    if (task.state !== 'running') {
      const ms = performance.now() - t;
      console.log(`decoded-field filter over ${task.stats.scanned} records: ${(ms / 1000).toFixed(2)} s (${((task.stats.scanned / ms) * 1000 / 1e6).toFixed(2)} M records/s), ${task.stats.matched} matches, state ${task.state}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  await service.dispose();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
}
