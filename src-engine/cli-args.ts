/**
 * The broker's security/config flags as the CLI (`kafkadesk broker`) and `npm run serve` (for its embedded broker)
 * both take them: `--override name=value`, `--user NAME:PASSWORD`. One parser for both.
 */

export function parseOverrides(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`--override expects name=value, got ${item}`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return out;
}

export function parseUser(text: string): { name: string; password: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new Error(`--user expects NAME:PASSWORD, got ${text.slice(0, Math.max(colon, 0))}:…`);
  return { name: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The ports named in a `listeners` value, in order. */
export const listenerPorts = (listeners: string): string[] => [...listeners.matchAll(/:(\d+)(?=,|$|\s)/g)].map((m) => m[1]!);
