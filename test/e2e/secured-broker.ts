// A second engine broker for the Security e2e: the CLI (`kafkadesk broker`) with a SASL_SSL listener (the dev CA from
// --tls auto), an `admin` super user and StandardAuthorizer — what an operator's secured cluster looks like to the GUI,
// which adds it as a remote cluster.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './serve-process.js';

export interface SecuredBroker { saslBootstrap: string; ca: string; stop: () => Promise<void> }

export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
  });
});

export async function startSecuredBroker(adminPassword: string): Promise<SecuredBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafkadesk-e2e-secured-'));
  const [plain, sasl] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-engine/cli.ts'), 'broker', '--data-dir', dataDir,
    '--port', String(plain), '--tls', 'auto', '--user', `admin:${adminPassword}`,
    '--override', `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${sasl}`,
    '--override', `advertised.listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://localhost:${sasl}`,
    '--override', 'sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256',
    '--override', 'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    '--override', 'super.users=User:admin'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`secured broker did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`secured broker exited (${code}):\n${output}`)));
  });
  return {
    saslBootstrap: `localhost:${sasl}`,
    ca: readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8'),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
