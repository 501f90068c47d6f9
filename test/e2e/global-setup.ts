// Starts `serve` (built dist if present, else the TypeScript sources through tsx) with its own data and config
// directories and free ports, waits for the URL it prints, and hands it to the tests via KAFKADESK_E2E_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  const dir = mkdtempSync(join(tmpdir(), 'kafkadesk-e2e-'));
  const built = join(root, 'dist/src-backend/serve.js');
  const args = ['--port', '0', '--broker-port', '0', '--data-dir', join(dir, 'data'), '--config-dir', join(dir, 'config')];
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
  process.env.KAFKADESK_E2E_URL = url;
  // Keep the server's output for post-mortems (crashes show up here, not in the test output).
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(join(root, 'test-results', 'e2e-serve.log'));
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.on('exit', (code, signal) => log.write(`\n[serve exited: code ${code} signal ${signal}]\n`));

  return async () => {
    child.kill('SIGTERM');
    // Wait for it to exit; SIGKILL only if it has not within 5 s.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), 5000); });
      if (!(await Promise.race([exited, gaveUp]))) child.kill('SIGKILL');
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
