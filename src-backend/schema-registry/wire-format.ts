/**
 * Confluent's wire format: magic byte 0, the schema id as a big-endian int32, then the payload; Protobuf puts the
 * message indexes (which message of the schema file) between them as zigzag varints, `[0]` written as a single 0.
 */

export const MAGIC_BYTE = 0;
export const HEADER_SIZE = 5;

export class WireFormatError extends Error {}

export interface WireHeader {
  schemaId: number;
  /** Offset of the payload (after the header; Protobuf: after the message indexes too). */
  payloadStart: number;
}

/** Why these bytes are not Confluent wire format, or null when the header is fine. */
export function wireProblem(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'empty payload: no wire-format header';
  if (bytes[0] !== MAGIC_BYTE) return `bad magic byte 0x${(bytes[0] as number).toString(16).padStart(2, '0')} (wire format starts with 0x00)`;
  if (bytes.length < HEADER_SIZE) return `truncated payload: ${bytes.length} bytes, the wire-format header needs ${HEADER_SIZE}`;
  return null;
}

export function readHeader(bytes: Buffer): WireHeader {
  const problem = wireProblem(bytes);
  if (problem) throw new WireFormatError(problem);
  return { schemaId: bytes.readInt32BE(1), payloadStart: HEADER_SIZE };
}

function readZigzag(bytes: Buffer, at: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    if (pos >= bytes.length) throw new WireFormatError('truncated payload: the Protobuf message indexes end early');
    const b = bytes[pos++] as number;
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
    if (shift > 35) throw new WireFormatError('bad Protobuf message indexes: varint too long');
  }
  return [result % 2 === 0 ? result / 2 : -(result + 1) / 2, pos];
}

/** The message indexes at `at` and where the Protobuf payload starts. */
export function readMessageIndexes(bytes: Buffer, at: number): { indexes: number[]; payloadStart: number } {
  const [count, afterCount] = readZigzag(bytes, at);
  if (count === 0) return { indexes: [0], payloadStart: afterCount };
  if (count < 0 || count > 100) throw new WireFormatError(`bad Protobuf message indexes: count ${count}`);
  const indexes: number[] = [];
  let pos = afterCount;
  for (let i = 0; i < count; i++) {
    const [index, next] = readZigzag(bytes, pos);
    if (index < 0) throw new WireFormatError(`bad Protobuf message index ${index}`);
    indexes.push(index);
    pos = next;
  }
  return { indexes, payloadStart: pos };
}

function zigzag(n: number): number[] {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  const out: number[] = [];
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export function encodeMessageIndexes(indexes: readonly number[]): Buffer {
  if (indexes.length === 1 && indexes[0] === 0) return Buffer.from([0]);
  return Buffer.from([...zigzag(indexes.length), ...indexes.flatMap(zigzag)]);
}

/** Header + (indexes) + payload. */
export function frame(schemaId: number, payload: Buffer, indexes?: readonly number[]): Buffer {
  const header = Buffer.alloc(HEADER_SIZE);
  header[0] = MAGIC_BYTE;
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat(indexes ? [header, encodeMessageIndexes(indexes), payload] : [header, payload]);
}
