/** librdkafka through kcat: the native client for the throughput figures. */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';

/** Writes `count` newline-separated records of `size` bytes (newline included) once per size. */
export async function recordFile(count: number, size: number): Promise<string> {
  const file = `/tmp/kafkadesk-bench-${count}x${size}.txt`;
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  const line = Buffer.alloc(size, 0x61);
  line[size - 1] = 0x0a;
  for (let i = 0; i < count; i++) {
    // Vary the first bytes so records are not all identical.
    line.write(i.toString(36).padStart(8, '0'), 0, 'latin1');
    if (!out.write(Buffer.from(line))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

function runKcat(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('kcat', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * `lingerMs` 100 fills every batch to batch.size whatever the broker's speed (the same log layout on any broker).
 * `extra`: more -X settings, e.g. security.protocol=SASL_SSL (bench/security.ts).
 */
export function kcatProduce(bootstrap: string, topic: string, file: string, lingerMs = 5, extra: readonly string[] = []): Promise<number> {
  return runKcat([
    ...extra,
    '-P', '-b', bootstrap, '-t', topic, '-l', file,
    '-X', `linger.ms=${lingerMs}`, '-X', 'batch.num.messages=10000', '-X', 'queue.buffering.max.messages=2000000',
    '-X', 'queue.buffering.max.kbytes=2097151', '-X', 'acks=1',
  ]);
}

export function kcatConsume(bootstrap: string, topic: string): Promise<number> {
  return runKcat(['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%s\n', '-X', 'fetch.max.bytes=52428800', '-X', 'fetch.wait.max.ms=10']);
}
