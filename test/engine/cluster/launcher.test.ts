/**
 * `kafkadesk broker --brokers 3`: three broker OS processes, one line each naming node id, address and pid,
 * all of them stopped by SIGTERM to the launcher.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { repoRoot, waitFor } from '../../helpers/clients.js';
import { tempDataDir } from '../../helpers/broker.js';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('--brokers 3 starts three broker processes and SIGTERM stops them all', async () => {
  let base = 0;
  while (base === 0) {
    const p = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await Promise.all([p, p + 1, p + 2].map(portFree))).every(Boolean)) base = p;
  }
  const dataDir = tempDataDir('kafkadesk-launcher-');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-engine/cli.ts', 'broker', '--brokers', '3', '--data-dir', dataDir, '--port', String(base), '--log-level', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
  child.stderr.on('data', (b: Buffer) => { out += b.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = /^broker (\d) listening on 127\.0\.0\.1:(\d+) pid (\d+)$/gm;
    await waitFor('three "broker N listening" lines', () => [...out.matchAll(line)].length === 3, 60_000, 100);
    const brokers = [...out.matchAll(line)].map((m) => ({ id: Number(m[1]), port: Number(m[2]), pid: Number(m[3]) })).sort((a, b) => a.id - b.id);
    assert.deepEqual(brokers.map((b) => [b.id, b.port]), [[1, base], [2, base + 1], [3, base + 2]]);
    assert.equal(new Set(brokers.map((b) => b.pid)).size, 3, 'one OS process per broker');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await waitFor('every broker process gone', () => brokers.every((b) => !alive(b.pid)), 15_000, 100);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('--brokers with security listeners or --tls is refused with a clear error (one address per broker today)', async () => {
  const dataDir = tempDataDir('kafkadesk-launcher-listeners-');
  try {
    for (const extra of [['--override', 'listeners=SASL_PLAINTEXT://127.0.0.1:0'], ['--tls', 'auto']]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src-engine/cli.ts', 'broker', '--brokers', '3', '--data-dir', dataDir, ...extra],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => { err += b.toString(); });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.notEqual(code, 0);
      assert.match(err, /--brokers N runs PLAINTEXT brokers only for now/);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
