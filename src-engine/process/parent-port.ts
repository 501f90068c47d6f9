/**
 * The broker process's end of the channel to the app that started it: Node's IPC (`child_process.fork`) or
 * Electron's `process.parentPort` (`utilityProcess.fork`). Both deliver structured-cloned messages.
 */

import type { FromBroker } from '../../src-common/engine-channel/index.js';

export interface ParentPort {
  send(message: FromBroker): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the parent is gone (IPC closed, or re-parented after the parent died). */
  onParentGone(listener: () => void): void;
}

/** Electron's ParentPort, structurally (the engine never imports electron). */
interface ElectronParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Re-parenting check interval: Electron's port has no disconnect event, but a dead parent changes our ppid. */
const PPID_POLL_MS = 1000;

function watchParentPid(listener: () => void): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      listener();
    }
  }, PPID_POLL_MS);
  timer.unref();
}

/** The port this process was started with, or null when it was started without one (e.g. from a shell). */
export function parentPort(): ParentPort | null {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: (message) => electronPort.postMessage(message),
      onMessage: (listener) => void electronPort.on('message', (event) => listener(event.data)),
      onParentGone: watchParentPid,
    };
  }
  const send = process.send?.bind(process);
  if (!send) return null;
  return {
    // A parent that just died makes send fail: the disconnect handler ends this process anyway.
    send: (message) => void send(message, undefined, undefined, () => undefined),
    onMessage: (listener) => void process.on('message', listener),
    onParentGone(listener) {
      let gone = false;
      const once = (): void => {
        if (gone) return;
        gone = true;
        listener();
      };
      process.once('disconnect', once);
      watchParentPid(once);
    },
  };
}
