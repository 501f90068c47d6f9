// The `npm run serve` token arrives once as `?token=` in the URL. We keep it in sessionStorage so reloads
// and in-app navigation keep working, and drop it from the visible URL so shared view links don't leak it.

const STORAGE_KEY = 'kafkadesk.token';

/** The subset of Web Storage we use (kept structural so unit tests run under node). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TokenSources {
  search: string;
  storage: TokenStorage;
}

/** Reads the token from the query string (preferred, it may be a newer run) or from sessionStorage. */
export function resolveToken({ search, storage }: TokenSources): string | null {
  const fromUrl = new URLSearchParams(search).get('token');
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY);
}

/** Returns `search` without the token parameter ("" when nothing else remains). */
export function searchWithoutToken(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('token');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

/**
 * Download links are opened by the browser itself (no custom header), so they carry the token as a query
 * parameter, like the event WebSocket does.
 */
export function withToken(relativeUrl: string, token: string | null): string {
  if (!token || /[?&]token=/.test(relativeUrl)) return relativeUrl;
  return `${relativeUrl}${relativeUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

export function storedToken(): string | null {
  try {
    return (globalThis as { sessionStorage?: TokenStorage }).sessionStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
