/**
 * Which files the backend may write or read on a caller's behalf. A path typed by the caller is never enough: any
 * script injected into the GUI could otherwise overwrite `~/.bashrc` through an export or read `/etc/shadow` through an
 * import. The backend only touches
 * - a path the native save/open dialog returned (Electron; the save dialog itself confirms an overwrite), once;
 * - its own temporary files: exports served back through a one-time download ticket, and uploads (browser mode).
 */

import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export type GrantKind = 'save' | 'open';

/** A picked path is usable for this long; the user chose it seconds ago. */
const GRANT_TTL_MS = 10 * 60_000;
const DOWNLOAD_TTL_MS = 60 * 60_000;

interface Expiring {
  path: string;
  expiresAt: number;
}

export class FileGrants {
  private readonly picked = new Map<string, { kind: GrantKind; expiresAt: number }>();
  private readonly downloads = new Map<string, Expiring>();
  private readonly uploads = new Map<string, Expiring>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The native dialog returned this path. */
  grant(path: string, kind: GrantKind): void {
    this.picked.set(resolve(path), { kind, expiresAt: this.now() + GRANT_TTL_MS });
  }

  /** True once for a granted path of that kind. */
  take(path: string, kind: GrantKind): boolean {
    const key = resolve(path);
    const grant = this.picked.get(key);
    this.picked.delete(key);
    return grant !== undefined && grant.kind === kind && grant.expiresAt >= this.now();
  }

  /** A one-time, unguessable name for downloading a finished temporary export (instead of the session token in a URL). */
  downloadTicket(path: string): string {
    const ticket = randomBytes(18).toString('base64url');
    this.downloads.set(ticket, { path, expiresAt: this.now() + DOWNLOAD_TTL_MS });
    return ticket;
  }

  takeDownload(ticket: string): string | null {
    return this.takeExpiring(this.downloads, ticket);
  }

  /** A file the transport received from the browser, stored in the backend's own temp folder. */
  addUpload(path: string): string {
    const id = randomBytes(18).toString('base64url');
    this.uploads.set(id, { path, expiresAt: this.now() + DOWNLOAD_TTL_MS });
    return id;
  }

  takeUpload(id: string): string | null {
    return this.takeExpiring(this.uploads, id);
  }

  private takeExpiring(map: Map<string, Expiring>, key: string): string | null {
    const entry = map.get(key);
    map.delete(key);
    return entry && entry.expiresAt >= this.now() ? entry.path : null;
  }
}
