/**
 * ui-state.json in the config folder: the last opened cluster and view, so the app reopens where the user left
 * it after a restart (Electron and `serve` share the backend, so localStorage alone would not do). Written to a
 * temp file and renamed, 0600; a missing or unreadable file is just "nothing remembered".
 */

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LastView } from '../src-common/contract/ui-state.js';

const FILE = 'ui-state.json';
const MAX_PATH = 2000;

interface Stored { lastView?: LastView }

/** A view path the GUI can route to: a hash route under one cluster, bounded. */
export function isValidLastView(value: unknown): value is LastView {
  if (typeof value !== 'object' || value === null) return false;
  const { clusterId, path } = value as Record<string, unknown>;
  return typeof clusterId === 'string' && clusterId.length > 0 && clusterId.length <= 200
    && typeof path === 'string' && path.length <= MAX_PATH && path.startsWith(`/c/${encodeURIComponent(clusterId)}/`);
}

export class UiStateStore {
  private state: Stored;

  constructor(private readonly dir: string) {
    this.state = this.read();
  }

  lastView(): LastView | null {
    return this.state.lastView ?? null;
  }

  setLastView(view: LastView | null): void {
    const next: Stored = view ? { ...this.state, lastView: { clusterId: view.clusterId, path: view.path } } : {};
    const tmp = join(this.dir, `${FILE}.tmp`);
    writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
    renameSync(tmp, join(this.dir, FILE));
    this.state = next;
  }

  private read(): Stored {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(this.dir, FILE), 'utf8'));
      const lastView = (parsed as Stored | null)?.lastView;
      return isValidLastView(lastView) ? { lastView } : {};
    } catch {
      return {};
    }
  }
}
