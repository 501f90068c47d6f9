/**
 * `node --import tsx bench/compaction-loop-delay.ts [--mb N]`: how long a forced compaction of a dirty log
 * (default 1024 MB: 1 KiB records over 50,000 keys, 64 MiB segments) holds the broker's event loop. The broker
 * runs in this process so its loop delay is measured directly (perf_hooks.monitorEventLoopDelay); the cleaner's
 * pass runs on its worker thread and only the swap touches the loop.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, renameSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestBroker } from '../test/helpers/broker.js';
import { createTopic } from '../test/helpers/topics.js';

const mb = process.argv.includes('--mb') ? Number(process.argv[process.argv.indexOf('--mb') + 1]) : 1024;
const records = mb * 1024;
const file = join(tmpdir(), `kafkadesk-dirty-${records}.txt`);
if (!existsSync(file)) {
  const out = createWriteStream(`${file}.part`);
  const filler = 'd'.repeat(1024 - 20);
  for (let i = 0; i < records; i++) if (!out.write(`key-${String(i % 50_000).padStart(6, '0')}:${String(i).padStart(10, '0')}${filler}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  renameSync(`${file}.part`, file);
}
const broker = await startTestBroker({ configs: { 'log.cleaner.backoff.ms': '3600000' } });
try {
  await createTopic(broker.bootstrap, 'dirty', { configs: { 'segment.bytes': String(64 * 1024 * 1024), 'cleanup.policy': 'compact' } });
  await new Promise((resolve, reject) => spawn('kcat', ['-P', '-b', broker.bootstrap, '-t', 'dirty', '-l', file, '-K', ':', '-X', 'linger.ms=5',
    '-X', 'batch.num.messages=10000', '-X', 'queue.buffering.max.messages=2000000', '-X', 'queue.buffering.max.kbytes=2097151'], { stdio: 'inherit' })
    .on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`kcat exited ${code}`)))));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const run = await broker.insight.compactNow('dirty', 0);
  delay.disable();
  process.stdout.write(`compacted ${((run?.bytesBefore ?? 0) / 1e6).toFixed(0)} MB -> ${((run?.bytesAfter ?? 0) / 1e6).toFixed(0)} MB in ${(performance.now() - t0).toFixed(0)} ms; `
    + `broker loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms\n`);
} finally {
  await broker.stop();
}
