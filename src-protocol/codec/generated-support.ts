/** Small helpers shared by the generated codecs. */
import { Reader, ProtocolDecodeError } from './reader.js';
import { Writer } from './writer.js';

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

export function readArray<T>(r: Reader, flexible: boolean, nullable: boolean, readOne: () => T): T[] {
  const n = r.arrayLength(flexible);
  if (n < 0) {
    if (!nullable) throw new ProtocolDecodeError('null for a non-nullable array');
    return null as unknown as T[];
  }
  const out = new Array<T>(n);
  for (let i = 0; i < n; i++) out[i] = readOne();
  return out;
}

export function writeArray<T>(w: Writer, flexible: boolean, nullable: boolean, items: readonly T[] | null, writeOne: (x: T) => void): void {
  if (items === null) {
    if (!nullable) throw new Error('null for a non-nullable array');
    w.arrayLength(-1, flexible);
    return;
  }
  w.arrayLength(items.length, flexible);
  for (const x of items) writeOne(x);
}

export function writeTaggedFields(w: Writer, tags: [number, Writer][]): void {
  w.uvarint(tags.length);
  for (const [tag, t] of tags) {
    const bytes = t.toBuffer();
    w.uvarint(tag);
    w.uvarint(bytes.length);
    w.raw(bytes);
  }
}

export function isDefaultStruct(writeValue: (w: Writer) => void, writeDefault: (w: Writer) => void): boolean {
  const a = new Writer();
  const b = new Writer();
  writeValue(a);
  writeDefault(b);
  return a.toBuffer().equals(b.toBuffer());
}
