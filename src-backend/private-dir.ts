/** The app's own folders (config, broker data) are the user's alone: 0700, also when they already existed. */
import { chmodSync, mkdirSync } from 'node:fs';

export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a folder it creates.
  if (process.platform !== 'win32') chmodSync(path, 0o700);
}
