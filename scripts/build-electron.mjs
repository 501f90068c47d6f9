// Bundles the Electron entry points with esbuild (run by `npm run build:node` after tsc):
//   electron/main.ts    -> dist/electron/main.js     (ESM, Electron >= 28 loads ESM mains)
//   electron/preload.ts -> dist/electron/preload.cjs (CommonJS: sandboxed preloads cannot be ES modules)
//   worker threads      -> dist/electron/kafkadesk-<name>.mjs (found beside main.js by src-engine/workers/worker-file.ts)
// npm packages stay external (node_modules ships with the app, native codecs included); our own code, the
// embedded engine included, is bundled into main.js.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKERS = {
  'clean-worker': 'src-engine/log-management/cleaner/clean-worker.ts',
  'scan-worker': 'src-backend/messages/scan-worker.ts',
  'explorer-worker': 'src-engine/explorer/explorer-worker.ts',
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    packages: 'external',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    // Only `electron` may be required inside the sandbox; everything else must be bundled in.
    external: ['electron'],
  }),
  ...Object.entries(WORKERS).map(([name, entry]) => build({
    ...common,
    entryPoints: [entry],
    outfile: `dist/electron/kafkadesk-${name}.mjs`,
    format: 'esm',
    packages: 'external',
  })),
]);
console.log('electron: dist/electron/main.js, dist/electron/preload.cjs');
