/** A small JSON path: `$`, `.name`, `["name"]`, `['name']`, `[0]`, `[*]` / `.*` (any element). */

import { badRequest } from '../errors.js';

export type PathStep = { kind: 'key'; key: string } | { kind: 'index'; index: number } | { kind: 'any' };

export function parseJsonPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  let i = 0;
  const src = path.trim();
  if (src.startsWith('$')) i = 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '.') {
      i++;
      if (src[i] === '*') {
        steps.push({ kind: 'any' });
        i++;
        continue;
      }
      const match = /^[^.[\]]+/.exec(src.slice(i));
      if (!match) badRequest('path', `expected a name at ${i} in ${path}`);
      steps.push({ kind: 'key', key: match[0] });
      i += match[0].length;
    } else if (ch === '[') {
      const rest = src.slice(i);
      const quoted = /^\[\s*(['"])((?:\\.|(?!\1).)*)\1\s*\]/.exec(rest);
      const index = /^\[\s*(\d+)\s*\]/.exec(rest);
      const any = /^\[\s*\*\s*\]/.exec(rest);
      if (quoted) {
        steps.push({ kind: 'key', key: (quoted[2] ?? '').replace(/\\(.)/g, '$1') });
        i += quoted[0].length;
      } else if (index) {
        steps.push({ kind: 'index', index: Number(index[1]) });
        i += index[0].length;
      } else if (any) {
        steps.push({ kind: 'any' });
        i += any[0].length;
      } else {
        badRequest('path', `bad bracket at ${i} in ${path}`);
      }
    } else if (i === 0) {
      // Allow "a.b" without the leading "$.".
      const match = /^[^.[\]]+/.exec(src);
      if (!match) badRequest('path', `cannot parse ${path}`);
      steps.push({ kind: 'key', key: match[0] });
      i += match[0].length;
    } else {
      badRequest('path', `unexpected '${ch}' at ${i} in ${path}`);
    }
  }
  return steps;
}

/** Every value the path reaches (several with `any`). */
export function evaluateJsonPath(root: unknown, steps: PathStep[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === 'key') {
        if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, step.key)) {
          next.push((value as Record<string, unknown>)[step.key]);
        }
      } else if (step.kind === 'index') {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (Array.isArray(value)) {
        next.push(...value);
      } else if (value !== null && typeof value === 'object') {
        next.push(...Object.values(value));
      }
    }
    current = next;
  }
  return current;
}
