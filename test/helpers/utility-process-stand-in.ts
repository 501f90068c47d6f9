/**
 * A stand-in for Electron's `utilityProcess.fork` (no Electron binary on the test machines): a real Node child
 * whose broker entry sees `process.parentPort`, as under Electron, so the broker's Electron code path and
 * electron/utility-broker.ts run for real.
 */

import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { SpawnBroker } from '../../src-common/engine-channel/index.js';
import { defaultBrokerEntry } from '../../src-backend/engine-process.js';
import { utilityBrokerChild, type UtilityProcessLike } from '../../electron/utility-broker.js';
import { repoRoot } from './clients.js';

export function forkUtilityStandIn(): UtilityProcessLike {
  const entry = defaultBrokerEntry();
  const child = fork(join(repoRoot, 'test/helpers/utility-process-shim.mjs'), [entry.path], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('error', () => undefined);
  return {
    get pid() {
      return child.pid;
    },
    postMessage(message) {
      if (child.connected) child.send(message as object, (error) => void error);
    },
    on(_event, listener) {
      return child.on('message', listener);
    },
    once(_event, listener) {
      // Electron gives an exit code only.
      return child.once('exit', (code) => listener(code ?? 1));
    },
    kill: () => child.kill('SIGKILL'),
  };
}

export const utilityStandInSpawner: SpawnBroker = () => utilityBrokerChild(forkUtilityStandIn());
