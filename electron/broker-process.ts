/**
 * Spawns the embedded broker as an Electron utilityProcess (a Node child the app owns, with its own event loop and
 * crash isolation) and adapts it to the channel's BrokerChild. The broker's side reads `process.parentPort`.
 */

import { utilityProcess } from 'electron';
import { isFromBroker, type BrokerChild, type SpawnBroker } from '../src-common/engine-channel/index.js';

/** `entry`: the bundled broker process (dist/kafkadesk-broker-process.mjs). */
export function utilityBrokerSpawner(entry: string): SpawnBroker {
  return (): BrokerChild => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'KafkaDesk broker', stdio: 'inherit' });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      send(message) {
        if (!exited) child.postMessage(message);
      },
      onMessage(listener) {
        child.on('message', (message: unknown) => {
          if (isFromBroker(message)) listener(message);
        });
      },
      onExit(listener) {
        // Electron reports the exit code only; a crash by signal shows as a non-zero code.
        child.once('exit', (code) => listener(code, null));
      },
      kill() {
        child.kill();
      },
    };
  };
}
