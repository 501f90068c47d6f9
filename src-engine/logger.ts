/** Minimal leveled logger; the CLI prints to stderr, tests and the app can pass their own. */
export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

export function consoleLogger(level: LogLevel = 'info'): Logger {
  const at = ORDER[level];
  const out = (l: LogLevel) => (msg: string) => {
    if (ORDER[l] >= at) process.stderr.write(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}\n`);
  };
  return { debug: out('debug'), info: out('info'), warn: out('warn'), error: out('error') };
}
