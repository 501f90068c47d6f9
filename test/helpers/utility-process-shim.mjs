// Runs a module the way Electron's utilityProcess does as far as the broker can tell: `process.parentPort` with
// postMessage / 'message' events ({ data }), carried here over Node's IPC. Usage: node utility-process-shim.mjs ENTRY
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

const port = new EventEmitter();
port.postMessage = (message) => {
  if (process.connected) process.send(message, undefined, undefined, () => undefined);
};
// Like Electron's port, messages wait until a handler is registered.
const queued = [];
process.on('message', (data) => (port.listenerCount('message') > 0 ? port.emit('message', { data }) : queued.push(data)));
port.on('newListener', (event) => {
  if (event === 'message') setImmediate(() => queued.splice(0).forEach((data) => port.emit('message', { data })));
});
Object.defineProperty(process, 'parentPort', { value: port });
await import(pathToFileURL(process.argv[2]).href);
