/**
 * Produce throughput over SASL_SSL (SCRAM-SHA-512, TLS with the dev CA) vs PLAINTEXT on one broker process,
 * with kcat (librdkafka). `node --import tsx bench/security.ts [records] [size]`; prints MB/s per listener
 * (best of 3 runs each, alternating) and the load average. Timings live here, never in tests.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startChildBroker } from '../test/helpers/broker.js';
import { freePortFrom } from './lib/broker-process.js';
import { kcatProduce, recordFile } from './lib/native-client.js';

const records = Number(process.argv[2] ?? 200_000);
const size = Number(process.argv[3] ?? 512);
const plainPort = freePortFrom(29092 + Math.floor(Math.random() * 500));
const saslPort = freePortFrom(plainPort + 1);
const broker = await startChildBroker({
  port: plainPort,
  extraArgs: ['--tls', 'auto', '--user', 'bench:bench-secret', '--override', `listeners=PLAINTEXT://127.0.0.1:${plainPort},SASL_SSL://127.0.0.1:${saslPort}`,
    '--override', 'sasl.enabled.mechanisms=SCRAM-SHA-512', '--log-level', 'warn'],
});
const file = await recordFile(records, size);
const sasl = ['-X', 'security.protocol=SASL_SSL', '-X', 'sasl.mechanisms=SCRAM-SHA-512', '-X', 'sasl.username=bench', '-X', 'sasl.password=bench-secret',
  '-X', `ssl.ca.location=${join(broker.dataDir, 'tls', 'ca.crt')}`];
const best: Record<string, number> = { PLAINTEXT: Infinity, SASL_SSL: Infinity };
try {
  for (let run = 0; run < 3; run++) {
    best.PLAINTEXT = Math.min(best.PLAINTEXT!, await kcatProduce(`127.0.0.1:${plainPort}`, `bench-plain-${run}`, file));
    best.SASL_SSL = Math.min(best.SASL_SSL!, await kcatProduce(`localhost:${saslPort}`, `bench-sasl-${run}`, file, 5, sasl));
  }
} finally {
  await broker.stop();
}
for (const [name, ms] of Object.entries(best)) {
  const mb = (records * size) / 1e6 / (ms / 1000);
  process.stdout.write(`produce ${records} x ${size} B over ${name.padEnd(10)} ${mb.toFixed(1)} MB/s (${Math.round(records / (ms / 1000))} rec/s, ${Math.round(ms)} ms)\n`);
}
process.stdout.write(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
