// Vite config for the GUI. Root is renderer/, output goes to dist/renderer/ at the repo root.
// `base: './'` keeps asset URLs relative so the same build loads from file:// inside Electron
// and from http://127.0.0.1 under `npm run serve`.
import { defineConfig, type Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';

// Kept free of Node typings so renderer/tsconfig.json (DOM only) can check this file too.
declare const process: { env: Record<string, string | undefined> };
const pathOf = (relative: string): string => decodeURIComponent(new URL(relative, import.meta.url).pathname);
const rendererRoot = pathOf('.');
const outDir = pathOf('../dist/renderer');

/**
 * The production CSP forbids inline <style>; Vite's dev server injects styles that way for HMR,
 * so only the dev server relaxes style-src. The built index.html keeps the strict policy.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'kafkadesk-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http://127.0.0.1:*");
    },
  };
}

/** `KAFKADESK_BACKEND=http://127.0.0.1:PORT npm run dev:renderer` proxies API calls to a running `npm run serve`. */
const backendTarget = process.env.KAFKADESK_BACKEND;

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [vue(), relaxCspForDevServer()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // The per-plugin timing report is noise for a build this size.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    host: '127.0.0.1',
    proxy: backendTarget
      ? {
          // Host and Origin are rewritten to the backend's own, which its DNS-rebinding and Origin checks expect;
          // the per-run token still guards every call. Dev only.
          '/api': { target: backendTarget, ws: true, changeOrigin: true, headers: { origin: backendTarget } },
        }
      : undefined,
  },
});
