/** Kafka's own perf tools (kafka-tools' ProducerPerformance / ConsumerPerformance main classes) from the reference Kafka's jars. */
import { spawn } from 'node:child_process';
import { referenceKafkaScript } from '../../test/helpers/reference-kafka.js';

function runClass(mainClass: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [referenceKafkaScript, 'run-class', mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${mainClass} exited ${code}: ${out.slice(-2000)}`))));
  });
}

/** Records per second ProducerPerformance reports for the whole run (its last summary line). */
export async function javaProduce(bootstrap: string, topic: string, count: number, size: number): Promise<number> {
  const out = await runClass('org.apache.kafka.tools.ProducerPerformance', [
    '--topic', topic, '--num-records', String(count), '--record-size', String(size), '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${bootstrap}`, 'acks=1', 'linger.ms=5', 'batch.size=262144', 'compression.type=none',
  ]);
  const m = /(\d+) records sent, ([\d.]+) records\/sec/.exec(out.split('\n').filter((l) => l.includes('records sent')).at(-1) ?? '');
  if (!m) throw new Error(`no summary from ProducerPerformance:\n${out.slice(-2000)}`);
  return Number(m[2]);
}

/** Records per second ConsumerPerformance reports while fetching (fetch.nMsg.sec: without the group join). */
export async function javaConsume(bootstrap: string, topic: string, count: number): Promise<number> {
  const out = await runClass('org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', bootstrap, '--topic', topic, '--num-records', String(count), '--timeout', '60000',
    '--group', `perf-${topic}-${Date.now()}`, '--command-property', 'fetch.max.bytes=52428800',
  ]);
  const lines = out.trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('start.time'));
  const names = (lines[header] ?? '').split(',').map((s) => s.trim());
  const values = (lines[header + 1] ?? '').split(',').map((s) => s.trim());
  const v = Number(values[names.indexOf('fetch.nMsg.sec')]);
  if (header < 0 || !Number.isFinite(v)) throw new Error(`no summary from ConsumerPerformance:\n${out.slice(-2000)}`);
  return v;
}
