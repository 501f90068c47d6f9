/**
 * Spawning the broker process with Node's child_process.fork (`npm run serve`, tests, benchmarks). Electron spawns
 * it with utilityProcess instead (electron/broker-process.ts); both speak the same channel.
 */

import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFromBroker, type BrokerChild, type SpawnBroker } from '../src-common/engine-channel/index.js';

export interface BrokerEntry {
  /** The module the process runs. */
  path: string;
  /** Node flags it needs (tsx when running from the TypeScript sources). */
  execArgv: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const BUNDLE = 'kafkadesk-broker-process.mjs';

/**
 * The built bundle next to dist/src-backend or dist/electron (`npm run build`), else the TypeScript entry through
 * tsx (tests and `KAFKADESK_E2E_FROM_SOURCE`).
 */
export function defaultBrokerEntry(): BrokerEntry {
  if (!import.meta.url.endsWith('.ts')) {
    const bundle = join(here, '..', BUNDLE);
    if (existsSync(bundle)) return { path: bundle, execArgv: [] };
    const emitted = join(here, '..', 'src-engine', 'process', 'broker-process.js');
    if (existsSync(emitted)) return { path: emitted, execArgv: [] };
  }
  return { path: join(here, '..', 'src-engine', 'process', 'broker-process.ts'), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/** Forks one broker process per call; its stdout/stderr go to ours (the broker logs warnings and errors only). */
export function forkBrokerSpawner(entry: BrokerEntry = defaultBrokerEntry()): SpawnBroker {
  return (): BrokerChild => {
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // A send racing the child's exit fails; the exit listener reports that run as over.
    child.on('error', () => undefined);
    return {
      get pid() {
        return child.pid ?? null;
      },
      send(message) {
        if (child.connected) child.send(message, (error) => void error);
      },
      onMessage(listener) {
        child.on('message', (message) => {
          if (isFromBroker(message)) listener(message);
        });
      },
      onExit(listener) {
        child.once('exit', (code, signal) => listener(code, signal));
      },
      kill() {
        child.kill('SIGKILL');
      },
    };
  };
}
