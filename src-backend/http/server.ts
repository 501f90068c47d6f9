/**
 * The browser-mode transport: POST /api/call and a WebSocket on /api/events, bound to 127.0.0.1, guarded by a
 * per-run token (header or ?token=), a Host check (DNS rebinding) and an Origin check (other sites' pages).
 */

import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL_PATH, DOWNLOAD_PATH, EVENTS_PATH, TOKEN_HEADER, UPLOAD_PATH, type CallEnvelope, type CallRequest } from '../../src-common/contract/wire.js';
import type { BackendService } from '../service.js';
import { contentSecurityPolicy, serveStatic } from './static-files.js';

export interface HttpTransportOptions {
  service: BackendService;
  token: string;
  /** 0 = any free port. */
  port: number;
  host?: string;
  staticDir: string | null;
  /** Extra allowed Origins (e.g. the Vite dev server). */
  allowedOrigins?: string[];
}

export interface HttpTransport {
  readonly port: number;
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** An import file (JSON/JSONL export) uploaded in browser mode. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** A local GUI opens a handful of connections; a flood of them is refused instead of exhausting file descriptors. */
const MAX_CONNECTIONS = 128;
const MAX_EVENT_SOCKETS = 16;
/** Slowloris: headers must arrive within this, a whole request within REQUEST_TIMEOUT_MS (uploads excepted). */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5 * 60_000;

class BodyTooLarge extends Error {}
/** Buffered WebSocket bytes above which a slow client gets events dropped rather than growing memory forever. */
const MAX_WS_BUFFER = 32 * 1024 * 1024;

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: ServerResponse, status: number, body: CallEnvelope): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge(`request body over ${MAX_BODY_BYTES} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpTransport(options: HttpTransportOptions): Promise<HttpTransport> {
  const host = options.host ?? '127.0.0.1';
  const { service, token } = options;
  let port = options.port;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...(options.allowedOrigins ?? [])]);

  /** Browser requests carry Origin; non-browser clients (tests, curl) may omit it and still need the token. */
  const originOk = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins().has(origin);
  };
  const hostOk = (req: IncomingMessage): boolean => allowedHosts().has(req.headers.host ?? '');
  /**
   * The session cookie: set on the first page load that carries the right ?token=, so a view link pasted into
   * another tab of the same browser works without the token in the URL. HttpOnly (page scripts never see it),
   * SameSite=Strict (never sent from another site's page), named per port (cookies do not separate ports).
   */
  const cookieName = (): string => `kafkadesk_session_${port}`;
  const cookieTokenOf = (req: IncomingMessage): string => {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === cookieName()) return decodeURIComponent(part.slice(eq + 1).trim());
    }
    return '';
  };
  const tokenOf = (req: IncomingMessage): string => {
    const header = req.headers[TOKEN_HEADER];
    if (typeof header === 'string' && header !== '') return header;
    const fromQuery = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    return fromQuery || cookieTokenOf(req);
  };
  const sessionCookie = (): string => `${cookieName()}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;

  const server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof URIError) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad URL encoding');
        return;
      }
      sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } });
      console.error('kafkadesk: request failed:', error);
    });
  });
  server.maxConnections = MAX_CONNECTIONS;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!hostOk(req)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('wrong Host');
      return;
    }
    if (!path.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const queryToken = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
      if (queryToken && tokensEqual(queryToken, token)) res.setHeader('set-cookie', sessionCookie());
      serveStatic(options.staticDir, req, res, contentSecurityPolicy(port));
      return;
    }
    if (!originOk(req)) {
      sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'origin not allowed' } });
      return;
    }
    // A download carries its own one-time ticket, so the session token never appears in a URL the browser keeps.
    if (path.startsWith(DOWNLOAD_PATH + '/') && req.method === 'GET') {
      serveDownload(decodeURIComponent(path.slice(DOWNLOAD_PATH.length + 1)), res);
      return;
    }
    if (!tokensEqual(tokenOf(req), token)) {
      sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or wrong token' } });
      return;
    }
    if (path === CALL_PATH && req.method === 'POST') {
      let request: CallRequest;
      try {
        request = JSON.parse(await readBody(req)) as CallRequest;
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          res.setHeader('connection', 'close');
          sendJson(res, 413, { ok: false, error: { code: 'bad-request', message: error.message } });
          return;
        }
        sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: `invalid JSON body: ${(error as Error).message}` } });
        return;
      }
      if (typeof request?.method !== 'string') {
        sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: 'body must be {"method": string, "params": object}' } });
        return;
      }
      sendJson(res, 200, await service.call(request.method, request.params));
      return;
    }
    if (path === UPLOAD_PATH && req.method === 'POST') {
      await receiveUpload(req, res);
      return;
    }
    sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `no route ${req.method} ${path}` } });
  }

  /** Streams the body into the backend's temp folder (never a caller-chosen path); messages.import takes the id. */
  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, { ok: false, error: { code: 'bad-request', message: `upload over ${MAX_UPLOAD_BYTES} bytes` } });
      req.resume();
      return;
    }
    const dir = join(service.context.host.tempDir, 'uploads');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `${randomUUID()}.upload`);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new BodyTooLarge(`upload over ${MAX_UPLOAD_BYTES} bytes`));
    });
    try {
      await pipeline(req, createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      rmSync(file, { force: true });
      if (error instanceof BodyTooLarge && !res.headersSent) {
        res.setHeader('connection', 'close');
        sendJson(res, 413, { ok: false, error: { code: 'bad-request', message: error.message } });
        return;
      }
      throw error;
    }
    sendJson(res, 200, { ok: true, result: { uploadId: service.context.files.addUpload(file), bytes: size } });
  }

  function serveDownload(ticket: string, res: ServerResponse): void {
    const file = service.context.files.takeDownload(ticket);
    if (!file || !existsSync(file)) {
      sendJson(res, 404, { ok: false, error: { code: 'not-found', message: 'unknown or already used download ticket' } });
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'content-disposition': `attachment; filename="${basename(file).replace(/"/g, '')}"`,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  }

  // Clients never send anything on the event socket: keep the accepted frame size tiny.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const sockets = new Set<WebSocket>();
  const unsubscribe = service.onEvent((frame) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify(frame);
    for (const ws of sockets) if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_WS_BUFFER) ws.send(text);
  });

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const reject = (status: string): void => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (path !== EVENTS_PATH) return reject('404 Not Found');
    if (!hostOk(req)) return reject('421 Misdirected Request');
    if (!originOk(req)) return reject('403 Forbidden');
    if (!tokensEqual(tokenOf(req), token)) return reject('401 Unauthorized');
    if (sockets.size >= MAX_EVENT_SOCKETS) return reject('503 Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;

  return {
    port,
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
