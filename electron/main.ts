/**
 * Electron main process, kept thin: start the embedded broker (a supervised utility process) and the backend service, serve the built GUI from a
 * private `kafkadesk://app/` scheme, and bridge the contract over IPC. All product logic lives in src-backend.
 */

import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmbeddedEngine, type EngineLink } from '../src-backend/engine-link.js';
import { KeyFileSecretStore, type SecretStore } from '../src-backend/secret-store.js';
import { createBackendService, type BackendService } from '../src-backend/service.js';
import { registerBackendIpc } from './bridge.js';
import { utilityBrokerChild } from './utility-broker.js';
import { SafeStorageSecretStore } from './safe-storage.js';
import { APP_ORIGIN, isTrustedSenderUrl, trustedSenderFor } from './trust.js';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '..', 'renderer');
/** The bundled broker process (scripts/build-cli.mjs), next to dist/electron. */
const BROKER_ENTRY = join(here, '..', 'kafkadesk-broker-process.mjs');
/** For `npm run dev:renderer`: load the Vite dev server instead of the built files. */
const DEV_SERVER_URL = process.env.KAFKADESK_DEV_SERVER_URL ?? null;

/** Matches renderer/index.html's meta policy (both apply); only the app's own origin is reachable. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "style-src-attr 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self'", "connect-src 'self'", "worker-src 'self' blob:", "base-uri 'none'", "form-action 'none'", "object-src 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([
  // standard+secure gives the GUI a real origin ('self' in the CSP, module scripts, sessionStorage).
  { scheme: 'kafkadesk', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

let service: BackendService | null = null;
let engine: EngineLink | null = null;

function serveRenderer(): void {
  protocol.handle('kafkadesk', async (request) => {
    const url = new URL(request.url);
    const requested = normalize(join(RENDERER_DIR, decodeURIComponent(url.pathname)));
    const inside = requested.startsWith(normalize(RENDERER_DIR) + sep);
    // Client-side routes fall back to the app shell.
    const file = inside && existsSync(requested) && !requested.endsWith(sep) ? requested : join(RENDERER_DIR, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    if (!file.endsWith('.html')) return response;
    const headers = new Headers(response.headers);
    headers.set('content-type', 'text/html; charset=utf-8');
    headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Only our own pages may call the backend. */
const trustedSender = trustedSenderFor(DEV_SERVER_URL);

function secretStore(): SecretStore {
  try {
    return new SafeStorageSecretStore();
  } catch (error) {
    console.warn(`kafkadesk: ${(error as Error).message}; secrets stay in memory unless you choose to store them`);
    return new KeyFileSecretStore(join(app.getPath('userData'), 'secret.key'));
  }
}

async function startBackend(): Promise<BackendService> {
  // The broker runs in its own utility process (a GUI hang cannot stall it, its crash cannot take the GUI down).
  const started = await startEmbeddedEngine({
    dataDir: join(app.getPath('userData'), 'data'),
    port: 9092,
    schemaRegistryPort: 8081,
    spawn: () => utilityBrokerChild(utilityProcess.fork(BROKER_ENTRY, [], { serviceName: 'KafkaDesk broker', stdio: 'inherit' })),
  });
  if (started.ok) engine = started.link;
  else console.error(`kafkadesk: ${started.error}`);
  const backend = await createBackendService({
    configDir: app.getPath('userData'),
    secretStore: secretStore(),
    engine,
    engineError: started.ok ? null : started.error,
    host: {
      mode: 'electron',
      appVersion: app.getVersion(),
      platform: process.platform,
      tempDir: join(app.getPath('temp'), 'kafkadesk-exports'),
      pickSavePath: async (defaultName) => {
        const window = BrowserWindow.getFocusedWindow();
        const options = { defaultPath: join(app.getPath('downloads'), defaultName) };
        const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      pickOpenPath: async (extensions, directory) => {
        const window = BrowserWindow.getFocusedWindow();
        const options: Electron.OpenDialogOptions = {
          properties: [directory ? 'openDirectory' : 'openFile'],
          ...(extensions.length > 0 ? { filters: [{ name: extensions.join(', '), extensions }] } : {}),
        };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  });
  registerBackendIpc(ipcMain, backend, trustedSender, (channel, frame) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(channel, frame);
    }
  });
  return backend;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'KafkaDesk',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // No in-app navigation away from the GUI; links open in the system browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSenderUrl(url, DEV_SERVER_URL)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(DEV_SERVER_URL ?? `${APP_ORIGIN}/index.html`);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

// Two instances would run two brokers on one data directory: the second one just focuses the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  void start();
}

async function start(): Promise<void> {
  await app.whenReady();
  serveRenderer();
  // The GUI needs no camera, notifications, geolocation...: deny every permission request.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  try {
    service = await startBackend();
  } catch (error) {
    dialog.showErrorBox('KafkaDesk failed to start', error instanceof Error ? error.stack ?? error.message : String(error));
    app.exit(1);
    return;
  }
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void (async () => {
    await service?.dispose().catch(() => undefined);
    await engine?.stop().catch(() => undefined);
    app.exit(0);
  })();
});
