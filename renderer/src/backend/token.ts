// The `npm run serve` token arrives once as `?token=` in the URL. We keep it in sessionStorage so reloads
// and in-app navigation keep working, and drop it from the visible URL so shared view links don't leak it.

const STORAGE_KEY = 'kafkadesk.token';

export interface TokenSources {
  search: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
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
