// Runs `serve` (built dist if present, else the TypeScript sources through tsx) with its own data and config
// directories and free ports, and resolves with the URL it prints plus a stop function.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stop: () => Promise<void>;
}

export async function startServe(extraArgs: string[] = []): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-e2e-'));
  const built = join(root, 'dist/src-backend/serve.js');
  const args = ['--port', '0', '--broker-port', '0', '--schema-registry-port', '0', '--data-dir', join(dir, 'data'), '--config-dir', join(dir, 'config'), ...extraArgs];
  // KAFKADESK_E2E_FROM_SOURCE=1 runs the backend from src-backend/ (useful when dist/ is older than the sources).
  const child: ChildProcess = existsSync(built) && !process.env.KAFKADESK_E2E_FROM_SOURCE
    ? spawn(process.execPath, [built, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', join(root, 'src-backend/serve.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running: (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited early (${code}):\n${output}`)));
  });

  const stop = async (): Promise<void> => {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  };
  return { url, child, stop };
}
