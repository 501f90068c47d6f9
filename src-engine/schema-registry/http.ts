/**
 * Confluent Schema Registry's REST API over node:http, on 127.0.0.1 unless asked otherwise. Errors are Confluent's
 * `{ error_code, message }` bodies; a bad request never stops the registry or the broker.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SchemaReference, SchemaType } from './records.js';
import { RegistryError, type SchemaInput, type SchemaRegistry, type VersionView } from './registry.js';
import { isDescriptorText, protoSchemaText } from '../../src-common/protobuf/descriptor-text.js';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const MAX_BODY = 16 * 1024 * 1024;

type Query = URLSearchParams;
type Route = (m: string[], q: Query, body: () => Promise<unknown>) => unknown;

function schemaInput(body: unknown): SchemaInput {
  if (typeof body !== 'object' || body === null) throw new RegistryError(422, 42201, 'Invalid schema: the body must be a JSON object with "schema"');
  const b = body as { schema?: unknown; schemaType?: unknown; references?: unknown };
  if (typeof b.schema !== 'string') throw new RegistryError(422, 42201, 'Invalid schema: "schema" must be a string');
  const input: SchemaInput = { schema: b.schema };
  if (b.schemaType !== undefined && b.schemaType !== null) input.schemaType = String(b.schemaType).toUpperCase() as SchemaType;
  if (b.references !== undefined && b.references !== null) {
    if (!Array.isArray(b.references)) throw new RegistryError(422, 42201, 'Invalid schema: "references" must be an array');
    input.references = b.references.map((r: unknown): SchemaReference => {
      const ref = (r ?? {}) as { name?: unknown; subject?: unknown; version?: unknown };
      if (typeof ref.name !== 'string' || typeof ref.subject !== 'string' || typeof ref.version !== 'number') {
        throw new RegistryError(422, 42201, 'Invalid schema: a reference needs name, subject and version');
      }
      return { name: ref.name, subject: ref.subject, version: ref.version };
    });
  }
  return input;
}

/**
 * A schema as Confluent answers it: a Protobuf schema registered as a base64 FileDescriptorProto reads back as
 * `.proto` text, and as base64 with `?format=serialized` (a schema registered as `.proto` text is returned as it is).
 */
function shownSchema(v: { schemaType: string; schema: string }, q: Query): string {
  if (v.schemaType !== 'PROTOBUF' || !isDescriptorText(v.schema)) return v.schema;
  if (q.get('format') === 'serialized') return v.schema.trim();
  try {
    return protoSchemaText(v.schema);
  } catch {
    return v.schema; // accepted at registration, so it decodes; never fail a read on printing
  }
}

/** Confluent's version body: schemaType only when not AVRO, references only when there are some. */
function versionBody(v: VersionView, q: Query): Record<string, unknown> {
  return {
    subject: v.subject, version: v.version, id: v.id, schema: shownSchema(v, q),
    ...(v.schemaType === 'AVRO' ? {} : { schemaType: v.schemaType }),
    ...(v.references.length > 0 ? { references: v.references } : {}),
  };
}

const flag = (q: Query, name: string): boolean => q.get(name) === 'true';
const intId = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RegistryError(404, 40403, 'Schema not found');
  return n;
};

function routes(r: SchemaRegistry): [string, RegExp, Route][] {
  const S = '([^/]+)';
  return [
    ['GET', /^\/$/, () => ({})],
    ['GET', /^\/schemas\/types$/, () => r.schemaTypes()],
    ['GET', /^\/subjects$/, (_m, q) => {
      const prefix = q.get('subjectPrefix') ?? '';
      return r.subjects(flag(q, 'deleted')).filter((s) => s.startsWith(prefix));
    }],
    ['GET', new RegExp(`^/subjects/${S}/versions$`), ([s], q) => r.versions(s as string, flag(q, 'deleted'))],
    ['POST', new RegExp(`^/subjects/${S}/versions$`), async ([s], q, body) => r.register(s as string, schemaInput(await body()), { normalize: flag(q, 'normalize') })],
    ['GET', new RegExp(`^/subjects/${S}/versions/${S}$`), ([s, v], q) => versionBody(r.getVersion(s as string, v as string, flag(q, 'deleted')), q)],
    ['GET', new RegExp(`^/subjects/${S}/versions/${S}/schema$`), ([s, v], q) => ({ raw: shownSchema(r.getVersion(s as string, v as string, flag(q, 'deleted')), q) })],
    ['DELETE', new RegExp(`^/subjects/${S}/versions/${S}$`), ([s, v], q) => r.deleteVersion(s as string, v as string, flag(q, 'permanent'))],
    ['POST', new RegExp(`^/subjects/${S}$`), async ([s], q, body) => versionBody(r.lookup(s as string, schemaInput(await body()), flag(q, 'deleted')), q)],
    ['DELETE', new RegExp(`^/subjects/${S}$`), ([s], q) => r.deleteSubject(s as string, flag(q, 'permanent'))],
    ['GET', new RegExp(`^/schemas/ids/${S}$`), ([id], q) => {
      const s = r.schemaById(intId(id as string));
      return { schema: shownSchema(s, q), ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }), ...(s.references.length > 0 ? { references: s.references } : {}) };
    }],
    ['GET', new RegExp(`^/schemas/ids/${S}/schema$`), ([id], q) => ({ raw: shownSchema(r.schemaById(intId(id as string)), q) })],
    ['GET', new RegExp(`^/schemas/ids/${S}/subjects$`), ([id], q) => r.subjectsOfId(intId(id as string), flag(q, 'deleted'))],
    ['GET', new RegExp(`^/schemas/ids/${S}/versions$`), ([id], q) => r.versionsOfId(intId(id as string), flag(q, 'deleted'))],
    ['GET', /^\/config$/, () => ({ compatibilityLevel: r.compatibilityOf(null) })],
    ['PUT', /^\/config$/, async (_m, _q, body) => ({ compatibility: r.setCompatibility(null, (await body() as { compatibility?: unknown })?.compatibility) })],
    ['DELETE', /^\/config$/, () => ({ compatibilityLevel: r.deleteCompatibility(null) })],
    ['GET', new RegExp(`^/config/${S}$`), ([s], q) => ({ compatibilityLevel: r.compatibilityOf(s as string, flag(q, 'defaultToGlobal')) })],
    ['PUT', new RegExp(`^/config/${S}$`), async ([s], _q, body) => ({ compatibility: r.setCompatibility(s as string, (await body() as { compatibility?: unknown })?.compatibility) })],
    ['DELETE', new RegExp(`^/config/${S}$`), ([s]) => ({ compatibilityLevel: r.deleteCompatibility(s as string) })],
    ['GET', /^\/mode$/, () => ({ mode: r.modeOf(null) })],
    ['PUT', /^\/mode$/, async (_m, _q, body) => ({ mode: r.setMode(null, (await body() as { mode?: unknown })?.mode) })],
    ['GET', new RegExp(`^/mode/${S}$`), ([s], q) => ({ mode: r.modeOf(s as string, flag(q, 'defaultToGlobal')) })],
    ['PUT', new RegExp(`^/mode/${S}$`), async ([s], _q, body) => ({ mode: r.setMode(s as string, (await body() as { mode?: unknown })?.mode) })],
    ['POST', new RegExp(`^/compatibility/subjects/${S}/versions(?:/${S})?$`), async ([s, v], q, body) => {
      const messages = r.checkCompatibility(s as string, v ?? null, schemaInput(await body()));
      return flag(q, 'verbose') ? { is_compatible: messages.length === 0, messages } : { is_compatible: messages.length === 0 };
    }],
  ];
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new RegistryError(413, 413, `request body over ${MAX_BODY} bytes`));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text === '' ? null : JSON.parse(text));
      } catch (error) {
        reject(new RegistryError(400, 400, `Unrecognized JSON: ${(error as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const raw = typeof body === 'object' && body !== null && 'raw' in body;
  res.writeHead(status, { 'content-type': raw ? 'text/plain; charset=utf-8' : CONTENT_TYPE });
  res.end(raw ? String((body as { raw: string }).raw) : JSON.stringify(body));
}

export interface RegistryServer {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startRegistryServer(registry: SchemaRegistry, host: string, port: number, onError: (message: string) => void): Promise<RegistryServer> {
  const table = routes(registry);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://registry');
      let allowed = false;
      for (const [method, pattern, route] of table) {
        const m = pattern.exec(url.pathname);
        if (!m) continue;
        allowed = true;
        if (method !== req.method) continue;
        const path = m.slice(1).map((p) => (p === undefined ? p : decodeURIComponent(p))) as string[];
        return send(res, 200, await route(path, url.searchParams, () => readJson(req)));
      }
      if (allowed) return send(res, 405, { error_code: 405, message: `HTTP ${req.method} not allowed on ${url.pathname}` });
      return send(res, 404, { error_code: 404, message: 'HTTP 404 Not Found' });
    })().catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof RegistryError) return send(res, error.status, { error_code: error.errorCode, message: error.message });
      if (error instanceof URIError) return send(res, 400, { error_code: 400, message: 'bad URL encoding' });
      onError(`schema registry: ${(error as Error).stack ?? String(error)}`);
      send(res, 500, { error_code: 50001, message: 'Error in the backend data store' });
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
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    host, port: bound, url: `http://${host}:${bound}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
