/**
 * Finds a worker_threads entry file next to the module that starts it, in each way the code is run:
 * as tsc's `dist/` output (`npm run serve`), from an esbuild bundle (`dist/kafkadesk-broker.mjs`, the Electron
 * main), whose build script emits each worker as `kafkadesk-<name>.mjs` beside the bundle, and from TypeScript
 * through tsx (tests, benches). Node 20 does not apply the parent's `--import tsx` hooks to workers, so a `.ts`
 * worker starts through a two-line bootstrap that registers tsx first.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What `new Worker(source, { eval })` takes. */
export interface WorkerEntry {
  readonly source: URL | string;
  readonly eval: boolean;
}

export function workerFile(moduleUrl: string, name: string): WorkerEntry {
  const ownExtension = moduleUrl.endsWith('.ts') ? 'ts' : 'js';
  const candidates = [new URL(`./${name}.${ownExtension}`, moduleUrl), new URL(`./kafkadesk-${name}.mjs`, moduleUrl)];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`worker ${name} not found (looked for ${candidates.map((u) => fileURLToPath(u)).join(', ')})`);
  if (ownExtension === 'js') return { source: found, eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return { source: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(found.href)}); });`, eval: true };
}
