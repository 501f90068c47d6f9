/**
 * The embedded broker as an Electron utilityProcess (a Node child the app owns: its own event loop, crash isolation),
 * adapted to the channel's BrokerChild. The broker's side reads `process.parentPort`. No `electron` import here, so
 * tests can drive it with a stand-in process.
 */

import { isFromBroker, type BrokerChild } from '../src-common/engine-channel/index.js';

/** The part of Electron's UtilityProcess this adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export function utilityBrokerChild(child: UtilityProcessLike): BrokerChild {
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
      child.on('message', (message) => {
        if (isFromBroker(message)) listener(message);
      });
    },
    onExit(listener) {
      // Electron reports the exit code only; a death by signal shows as a non-zero code.
      child.once('exit', (code) => listener(code, null));
    },
    kill() {
      // UtilityProcess.kill() is a SIGTERM on POSIX; a broker that ignored its stop message gets SIGKILL.
      if (exited) return;
      if (child.pid === undefined) child.kill();
      else process.kill(child.pid, 'SIGKILL');
    },
  };
}
