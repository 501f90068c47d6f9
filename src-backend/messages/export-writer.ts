/** Streams records to a JSON, JSONL or CSV file. */

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ExportFormat } from '../../src-common/contract/messages.js';
import type { PayloadDecoder } from '../schema-registry/payload-decoder.js';
import type { DecodedRecord } from './payload.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** 'text': UTF-8 when valid, else {"base64": ...} (JSON) / "base64:..." (CSV). 'base64': always base64. */
type PayloadEncoding = 'text' | 'base64';

function encodeJson(bytes: Buffer | null, encoding: PayloadEncoding): string | { base64: string } | null {
  if (bytes === null) return null;
  if (encoding === 'base64') return bytes.toString('base64');
  try {
    return utf8.decode(bytes);
  } catch {
    return { base64: bytes.toString('base64') };
  }
}

function encodeCsvField(bytes: Buffer | null, encoding: PayloadEncoding): string {
  const v = encodeJson(bytes, encoding);
  if (v === null) return '';
  return typeof v === 'string' ? v : `base64:${v.base64}`;
}

function csvQuote(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class ExportWriter {
  private readonly stream: WriteStream;
  private count = 0;
  private bytesWritten = 0;

  constructor(
    readonly path: string,
    private readonly format: ExportFormat,
    private readonly encoding: PayloadEncoding,
    /** 'wx' refuses an existing file; 'w' only for a path the save dialog confirmed. */
    flags: 'w' | 'wx' = 'wx',
    /** Schema-decoded keys/values are written as JSON (null: every payload as its bytes). */
    private readonly decoder: PayloadDecoder | null = null,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', mode: 0o600, flags });
  }

  async open(): Promise<void> {
    if (this.format === 'json') await this.write('[\n');
    if (this.format === 'csv') await this.write('partition,offset,timestamp,timestampType,key,value,headers\r\n');
  }

  async append(records: DecodedRecord[]): Promise<void> {
    let out = '';
    if (this.decoder) await this.decoder.prefetchRecords(records);
    for (const r of records) {
      const key = r.key && this.decoder ? this.decoder.exportValue(r.key, 'key') : null;
      const value = r.value && this.decoder ? this.decoder.exportValue(r.value, 'value') : null;
      if (this.format === 'csv') {
        const headers = JSON.stringify(r.headers.map((h) => ({ key: h.key, value: encodeJson(h.value, this.encoding) })));
        out += [r.partition, r.offset, r.timestamp, r.timestampType,
          key ? JSON.stringify(key.value) : encodeCsvField(r.key, this.encoding),
          value ? JSON.stringify(value.value) : encodeCsvField(r.value, this.encoding), headers].map((f) => csvQuote(String(f))).join(',') + '\r\n';
      } else {
        const json = JSON.stringify({
          partition: r.partition,
          offset: r.offset,
          timestamp: r.timestamp,
          timestampType: r.timestampType,
          key: key ? key.value : encodeJson(r.key, this.encoding),
          value: value ? value.value : encodeJson(r.value, this.encoding),
          headers: r.headers.map((h) => ({ key: h.key, value: encodeJson(h.value, this.encoding) })),
          ...(key ? { keySchemaId: key.schemaId } : {}),
          ...(value ? { valueSchemaId: value.schemaId } : {}),
        });
        out += this.format === 'json' ? `${this.count === 0 && out === '' ? '  ' : ',\n  '}${json}` : `${json}\n`;
      }
      this.count++;
    }
    if (out) await this.write(out);
  }

  async close(): Promise<{ records: number; bytes: number }> {
    if (this.format === 'json') await this.write(this.count === 0 ? ']\n' : '\n]\n');
    this.stream.end();
    await once(this.stream, 'finish');
    return { records: this.count, bytes: this.bytesWritten };
  }

  abort(): void {
    this.stream.destroy();
  }

  private async write(text: string): Promise<void> {
    this.bytesWritten += Buffer.byteLength(text);
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}
