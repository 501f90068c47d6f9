/**
 * `npm run serve`: the embedded broker + the backend + the built GUI on http://127.0.0.1, for use in a browser.
 *   --port N          HTTP port (default 5173; the next free one when taken)
 *   --broker-port N   embedded broker port (default 9092; the next free one when taken)
 *   --data-dir DIR    broker data (default ~/.kafkadesk/data)
 *   --config-dir DIR  saved clusters (default ~/.kafkadesk)
 *   --no-broker       do not start the embedded broker (remote clusters only)
 *   --schema-registry-port N  the embedded Schema Registry (default 8081; the next free one when taken)
 *   --no-schema-registry      do not serve the embedded Schema Registry
 *   --allow-origin O  also accept API calls from this Origin (e.g. http://localhost:5174 for the Vite dev server)
 *   --tls auto, --user NAME:PASSWORD, --override name=value   the embedded broker's security, as `kafkadesk broker`
 *                     takes them (docs/BROKER-SECURITY.md); with listeners=…, the broker port is its first listener's
 */

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findFreePort, startEmbeddedEngine, type EngineLink } from './engine-link.js';
import { findRendererDir } from './http/static-files.js';
import { startHttpTransport } from './http/server.js';
import { KeyFileSecretStore } from './secret-store.js';
import { createBackendService } from './service.js';
import { DOWNLOAD_PATH } from '../src-common/contract/wire.js';
import { listenerPorts, parseOverrides, parseUser } from '../src-engine/index.js';

const here = dirname(fileURLToPath(import.meta.url));

function appVersion(): string {
  for (const candidate of [join(here, '..', 'package.json'), join(here, '..', '..', 'package.json')]) {
    try {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    } catch {
      // try the next layout (tsx vs dist)
    }
  }
  return '0.0.0';
}

function parsePort(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'broker-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'config-dir': { type: 'string' },
      'no-broker': { type: 'boolean', default: false },
      'schema-registry-port': { type: 'string' },
      'no-schema-registry': { type: 'boolean', default: false },
      'allow-origin': { type: 'string', multiple: true },
      tls: { type: 'string' },
      user: { type: 'string', multiple: true },
      override: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const configDir = resolve(values['config-dir'] ?? join(homedir(), '.kafkadesk'));
  const dataDir = resolve(values['data-dir'] ?? join(configDir, 'data'));

  let engine: EngineLink | null = null;
  let engineError: string | null = 'started with --no-broker';
  if (!values['no-broker']) {
    if (values.tls !== undefined && values.tls !== 'auto') throw new Error(`--tls takes only "auto", got ${values.tls}`);
    const overrides = values.override ? parseOverrides(values.override) : undefined;
    // The console connects on the broker's port: with listeners=…, that is the first listener's (which the broker
    // insists --port names).
    const listenerPort = overrides?.listeners ? listenerPorts(overrides.listeners)[0] : undefined;
    const brokerOptions = {
      ...(overrides ? { configs: overrides } : {}),
      ...(values.user ? { users: values.user.map(parseUser) } : {}),
      ...(values.tls === 'auto' ? { tlsAuto: true } : {}),
    };
    const started = await startEmbeddedEngine({
      dataDir,
      port: listenerPort !== undefined ? Number(listenerPort) : parsePort(values['broker-port'], '--broker-port', 9092),
      ...(Object.keys(brokerOptions).length > 0 ? { brokerOptions } : {}),
      // On by default beside the broker, like the app.
      ...(values['no-schema-registry'] ? {} : { schemaRegistryPort: parsePort(values['schema-registry-port'], '--schema-registry-port', 8081) }),
    });
    if (started.ok) {
      engine = started.link;
      engineError = null;
      console.log(`Embedded broker on ${engine.host}:${engine.port} (data in ${dataDir})`);
      if (engine.schemaRegistryUrl) console.log(`Embedded Schema Registry on ${engine.schemaRegistryUrl}`);
    } else {
      engineError = started.error;
      console.warn(`Embedded broker not started: ${started.error}`);
    }
  }

  const token = randomBytes(24).toString('base64url');
  const service = await createBackendService({
    configDir,
    secretStore: new KeyFileSecretStore(join(configDir, 'secret.key')),
    engine,
    engineError,
    host: {
      mode: 'browser',
      appVersion: appVersion(),
      platform: process.platform,
      downloadUrl: (ticket) => `${DOWNLOAD_PATH}/${ticket}`,
    },
  });
  const requested = parsePort(values.port, '--port', 5173);
  const port = requested === 0 ? 0 : await findFreePort('127.0.0.1', requested);
  const staticDir = findRendererDir(join(here, 'http'));
  const transport = await startHttpTransport({ service, token, port, staticDir, allowedOrigins: values['allow-origin'] ?? [] });
  if (!staticDir) console.warn('GUI not built (dist/renderer missing): only the API is served.');
  console.log(`KafkaDesk is running: ${transport.url}`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await transport.close();
    await service.dispose();
    await engine?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
