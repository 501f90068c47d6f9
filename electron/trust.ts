/**
 * Which pages may call the backend over IPC: only the app's own `kafkadesk://app/` pages (and, in development, the
 * Vite dev server). Pure — no 'electron' import — so tests run the very predicate main.ts installs.
 */

export const APP_ORIGIN = 'kafkadesk://app';

/** What the predicate needs of an IpcMainInvokeEvent. */
export interface SenderLike {
  senderFrame?: { url?: string } | null;
}

export function isTrustedSenderUrl(url: string, devServerUrl: string | null = null): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || (devServerUrl !== null && devServerUrl !== '' && url.startsWith(devServerUrl));
}

/** The trust predicate for registerBackendIpc. */
export function trustedSenderFor(devServerUrl: string | null): (event: SenderLike) => boolean {
  return (event) => isTrustedSenderUrl(event.senderFrame?.url ?? '', devServerUrl);
}
