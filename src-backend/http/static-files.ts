/** Serves the built GUI (dist/renderer) with an SPA fallback to index.html. */

import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json', '.txt': 'text/plain',
};

/**
 * Same policy as renderer/index.html's meta tag (both apply, so the stricter wins), plus what only headers can say;
 * connect-src names the server's own port only, so a page script cannot reach other local services.
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function serveStatic(root: string | null, req: IncomingMessage, res: ServerResponse, csp: string): void {
  if (!root) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('GUI not built: run `npm run build:renderer` (the API is available under /api).');
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const rootResolved = resolve(root);
  let file = normalize(join(rootResolved, decodeURIComponent(url.pathname)));
  if (file !== rootResolved && !file.startsWith(rootResolved + sep)) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Client-side routes (and /) get the app shell; missing assets are a real 404.
    if (extname(url.pathname) && url.pathname !== '/index.html') {
      res.writeHead(404).end();
      return;
    }
    file = join(rootResolved, 'index.html');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  res.writeHead(200, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    // Hashed assets can be cached; the shell must not be (it changes per build).
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'content-security-policy': csp, 'referrer-policy': 'no-referrer' } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

/** dist/renderer from dist/src-backend/http (compiled) or src-backend/http (tsx). */
export function findRendererDir(fromDir: string): string | null {
  // Source layout first: from src-backend/http, ../../renderer is the Vite *source* folder, not the build.
  for (const candidate of [join(fromDir, '..', '..', 'dist', 'renderer'), join(fromDir, '..', '..', 'renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}
