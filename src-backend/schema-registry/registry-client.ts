/**
 * A client of Confluent Schema Registry's REST API (the embedded registry, Confluent, Karapace, Redpanda, Apicurio's
 * ccompat API): basic auth, https with a CA bundle, Confluent's `{ error_code, message }` errors as RegistryHttpError.
 * Plain data in (RegistryEndpoint), so a scan worker can build its own.
 */

import http from 'node:http';
import https from 'node:https';
import type { NewSchema, SchemaReference, SchemaType } from '../../src-common/contract/schema-registry.js';

/** Everything needed to reach one registry (secrets included: it never leaves the backend's process). */
export interface RegistryEndpoint {
  url: string;
  username?: string;
  password?: string;
  rejectUnauthorized?: boolean;
  ca?: string;
}

export class RegistryHttpError extends Error {
  constructor(readonly status: number, readonly errorCode: number, message: string) {
    super(message);
    this.name = 'RegistryHttpError';
  }
}

/** A registered schema as GET /schemas/ids/{id} and /subjects/{s}/versions/{v} return it. */
export interface RegistrySchema {
  schemaType: SchemaType;
  schema: string;
  references: SchemaReference[];
}

export interface RegistryVersion extends RegistrySchema {
  subject: string;
  version: number;
  id: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const TIMEOUT_MS = 10_000;
const MAX_RESPONSE = 32 * 1024 * 1024;

interface RawSchema {
  schemaType?: string;
  schema?: string;
  references?: SchemaReference[];
}

function toSchema(raw: RawSchema): RegistrySchema {
  const type = raw.schemaType ?? 'AVRO';
  return {
    schemaType: type === 'PROTOBUF' || type === 'JSON' ? type : 'AVRO',
    schema: String(raw.schema ?? ''),
    references: Array.isArray(raw.references) ? raw.references : [],
  };
}

export class RegistryClient {
  private readonly base: URL;

  constructor(readonly endpoint: RegistryEndpoint) {
    this.base = new URL(endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new Error(`registry URL must be http(s): ${endpoint.url}`);
  }

  /** One request; `path` is relative to the base URL (no leading slash). */
  request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.base);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    if (payload) {
      headers['content-type'] = CONTENT_TYPE;
      headers['content-length'] = String(payload.length);
    }
    if (this.endpoint.username) {
      headers.authorization = `Basic ${Buffer.from(`${this.endpoint.username}:${this.endpoint.password ?? ''}`).toString('base64')}`;
    }
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = { method, headers, timeout: TIMEOUT_MS };
    if (secure) {
      options.rejectUnauthorized = this.endpoint.rejectUnauthorized ?? true;
      if (this.endpoint.ca) options.ca = this.endpoint.ca;
    }
    return new Promise<T>((resolve, reject) => {
      const req = (secure ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE) req.destroy(new Error('registry response too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? null : JSON.parse(text);
          } catch {
            json = null; // an HTML error page from a proxy: reported by status below
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(json as T);
          const err = (json ?? {}) as { error_code?: unknown; message?: unknown };
          const code = typeof err.error_code === 'number' ? err.error_code : status;
          const message = typeof err.message === 'string' ? err.message : `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
          reject(new RegistryHttpError(status, code, message));
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`registry did not answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  subjects(deleted = false): Promise<string[]> {
    return this.request('GET', `subjects${deleted ? '?deleted=true' : ''}`);
  }

  versions(subject: string, deleted = false): Promise<number[]> {
    return this.request('GET', `subjects/${encodeURIComponent(subject)}/versions${deleted ? '?deleted=true' : ''}`);
  }

  async version(subject: string, version: number | 'latest', deleted = false): Promise<RegistryVersion> {
    const raw = await this.request<RawSchema & { subject: string; version: number; id: number }>(
      'GET', `subjects/${encodeURIComponent(subject)}/versions/${version}${deleted ? '?deleted=true' : ''}`);
    return { ...toSchema(raw), subject: raw.subject, version: raw.version, id: raw.id };
  }

  async schemaById(id: number): Promise<RegistrySchema> {
    return toSchema(await this.request<RawSchema>('GET', `schemas/ids/${id}`));
  }

  /** The (subject, version) pairs that use schema `id`. */
  idVersions(id: number): Promise<{ subject: string; version: number }[]> {
    return this.request('GET', `schemas/ids/${id}/versions`);
  }

  register(subject: string, schema: NewSchema, normalize = false): Promise<{ id: number }> {
    return this.request('POST', `subjects/${encodeURIComponent(subject)}/versions${normalize ? '?normalize=true' : ''}`, body(schema));
  }

  checkCompatibility(subject: string, schema: NewSchema, version: number | 'latest' | 'all'): Promise<{ is_compatible: boolean; messages?: string[] }> {
    const path = version === 'all' ? 'versions' : `versions/${version}`;
    return this.request('POST', `compatibility/subjects/${encodeURIComponent(subject)}/${path}?verbose=true`, body(schema));
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.request('DELETE', `subjects/${encodeURIComponent(subject)}${permanent ? '?permanent=true' : ''}`);
  }

  async deleteVersion(subject: string, version: number, permanent: boolean): Promise<number[]> {
    const deleted = await this.request<number>('DELETE', `subjects/${encodeURIComponent(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`);
    return [deleted];
  }

  async config(subject: string | null): Promise<string | null> {
    try {
      const res = await this.request<{ compatibilityLevel?: string; compatibility?: string }>('GET', subject === null ? 'config' : `config/${encodeURIComponent(subject)}`);
      return res.compatibilityLevel ?? res.compatibility ?? null;
    } catch (error) {
      // 40408 (Confluent) / 40401 (older registries): the subject follows the global level.
      if (subject !== null && error instanceof RegistryHttpError && (error.errorCode === 40408 || error.errorCode === 40401)) return null;
      throw error;
    }
  }

  setConfig(subject: string | null, level: string): Promise<{ compatibility: string }> {
    return this.request('PUT', subject === null ? 'config' : `config/${encodeURIComponent(subject)}`, { compatibility: level });
  }

  deleteConfig(subject: string): Promise<unknown> {
    return this.request('DELETE', `config/${encodeURIComponent(subject)}`);
  }
}

function body(schema: NewSchema): Record<string, unknown> {
  const out: Record<string, unknown> = { schema: schema.schema };
  if (schema.schemaType !== 'AVRO') out.schemaType = schema.schemaType;
  if (schema.references && schema.references.length > 0) out.references = schema.references;
  return out;
}
