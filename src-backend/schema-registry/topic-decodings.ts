/** Per-topic decoding choices (and .proto files), remembered in `<configDir>/decodings.json`. */

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAYLOAD_DECODINGS, type PayloadDecoding, type TopicDecoding } from '../../src-common/contract/schema-registry.js';
import { badRequest } from '../errors.js';
import { requireObject } from '../validate.js';
import { DEFAULT_DECODING } from './payload-decoder.js';

const MAX_FILES = 50;
const MAX_FILE = 1024 * 1024;

/** Typed and bounded copy of what arrived over the transport. */
export function parseTopicDecoding(value: unknown): TopicDecoding {
  const d = requireObject(value, 'decoding');
  const mode = (v: unknown, field: string): PayloadDecoding => {
    if (!PAYLOAD_DECODINGS.includes(v as PayloadDecoding)) badRequest(field, PAYLOAD_DECODINGS.join(', '));
    return v as PayloadDecoding;
  };
  const files = d.protoFiles ?? [];
  if (!Array.isArray(files) || files.length > MAX_FILES) badRequest('decoding.protoFiles', `at most ${MAX_FILES} files`);
  const protoFiles = files.map((f, i) => {
    const file = requireObject(f, `decoding.protoFiles[${i}]`);
    if (typeof file.name !== 'string' || file.name === '' || file.name.length > 500) badRequest(`decoding.protoFiles[${i}].name`, 'a file name');
    if (typeof file.text !== 'string' || file.text.length > MAX_FILE) badRequest(`decoding.protoFiles[${i}].text`, 'the file text (at most 1 MiB)');
    return { name: file.name, text: file.text };
  });
  const type = (v: unknown, field: string): string | null => {
    if (v === null || v === undefined || v === '') return null;
    if (typeof v !== 'string' || v.length > 500) badRequest(field, 'a message type name');
    return v;
  };
  return {
    key: mode(d.key, 'decoding.key'),
    value: mode(d.value, 'decoding.value'),
    protoFiles,
    keyMessageType: type(d.keyMessageType, 'decoding.keyMessageType'),
    valueMessageType: type(d.valueMessageType, 'decoding.valueMessageType'),
  };
}

export class TopicDecodings {
  private readonly file: string;
  private entries: Record<string, TopicDecoding> = {};

  constructor(configDir: string) {
    this.file = join(configDir, 'decodings.json');
    if (existsSync(this.file)) {
      try {
        this.entries = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, TopicDecoding>;
      } catch {
        this.entries = {}; // a damaged file loses the choices, not the app
      }
    }
  }

  get(clusterId: string, topic: string): TopicDecoding {
    return this.entries[JSON.stringify([clusterId, topic])] ?? DEFAULT_DECODING;
  }

  set(clusterId: string, topic: string, decoding: TopicDecoding): void {
    const next = { ...this.entries, [JSON.stringify([clusterId, topic])]: decoding };
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(next), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.entries = next;
  }
}
