/**
 * Which pages may call the backend over IPC: only the app's own `kafkadesk://app/` pages (and, in development, the
 * Vite dev server). Pure — no 'electron' import — so tests run the very predicate main.ts installs.
 */

export const APP_ORIGIN = 'kafkadesk://app';

/** What the predicate needs of an IpcMainInvokeEvent. */
export interface SenderLike {
  senderFrame?: { url?: string } | null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Origins compared exactly, never by prefix: `http://localhost:5173.evil.test/` starts with the dev server's URL but is
 * another site. (kafkadesk: is not a special scheme, so its URL.origin is "null": compare scheme and host instead.)
 */
export function isTrustedSenderUrl(url: string, devServerUrl: string | null = null): boolean {
  const sender = parse(url);
  if (!sender) return false;
  if (sender.protocol === 'kafkadesk:' && sender.host === 'app') return true;
  const dev = devServerUrl ? parse(devServerUrl) : null;
  return dev !== null && (dev.protocol === 'http:' || dev.protocol === 'https:') && sender.origin === dev.origin;
}

/** The trust predicate for registerBackendIpc. */
export function trustedSenderFor(devServerUrl: string | null): (event: SenderLike) => boolean {
  return (event) => isTrustedSenderUrl(event.senderFrame?.url ?? '', devServerUrl);
}
