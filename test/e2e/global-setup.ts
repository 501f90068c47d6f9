// Starts `serve` on free ports with its own data and config directories, and hands its URL to the tests via
// KAFKADESK_E2E_URL.
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { root, startServe } from './serve-process.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(root, 'dist/renderer/index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  const serve = await startServe();
  process.env.KAFKADESK_E2E_URL = serve.url;
  // Keep the server's output for post-mortems (crashes show up here, not in the test output).
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const log = createWriteStream(join(root, 'test-results', 'e2e-serve.log'));
  serve.child.stdout?.pipe(log);
  serve.child.stderr?.pipe(log);
  serve.child.on('exit', (code, signal) => log.write(`\n[serve exited: code ${code} signal ${signal}]\n`));
  return serve.stop;
}
