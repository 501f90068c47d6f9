/**
 * Snappy as Kafka's Java client writes it: xerial snappy-java stream framing around raw snappy blocks.
 *   header: 8-byte magic `\x82SNAPPY\0`, int32 version (1), int32 minimum compatible version (1)
 *   then blocks: int32 compressed length + raw snappy block (each block holds up to 32 KiB of input)
 * Readers must also accept bare raw snappy (librdkafka and older clients may send it).
 */
import { compressSync, uncompressSync } from 'snappy';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = XERIAL_MAGIC.length + 8;
const XERIAL_VERSION = 1;
const XERIAL_COMPATIBLE_VERSION = 1;
/** snappy-java's default SnappyOutputStream block size. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

export function isXerialFramed(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC);
}

// copyOutputData: snappy's external output buffers are ~5x slower to create than a copy, and Electron's V8 memory
// cage forbids external buffers altogether.
function rawUncompress(block: Buffer, maxOutputBytes: number): Buffer {
  if (rawUncompressedLength(block) > maxOutputBytes) throw new RangeError(`snappy data decompresses to more than ${maxOutputBytes} bytes`);
  const out = uncompressSync(block, { asBuffer: true, copyOutputData: true });
  return typeof out === 'string' ? Buffer.from(out) : out;
}

/** Compresses into xerial framing, like snappy-java's SnappyOutputStream (what the Java producer writes). */
export function snappyCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header, 0);
  header.writeInt32BE(XERIAL_VERSION, XERIAL_MAGIC.length);
  header.writeInt32BE(XERIAL_COMPATIBLE_VERSION, XERIAL_MAGIC.length + 4);
  parts.push(header);
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_SIZE) {
    const block = compressSync(data.subarray(pos, Math.min(data.length, pos + XERIAL_BLOCK_SIZE)), { copyOutputData: true });
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

/** The uncompressed length a raw snappy block declares (its varint preamble). */
function rawUncompressedLength(block: Buffer): number {
  let result = 0;
  for (let i = 0, multiplier = 1; i < 5 && i < block.length; i++, multiplier *= 128) {
    const b = block[i] as number;
    result += (b & 0x7f) * multiplier;
    if ((b & 0x80) === 0) return result;
  }
  throw new Error('invalid snappy length preamble');
}

/** Decompresses xerial-framed or raw snappy. Throws on malformed input or output beyond `maxOutputBytes`. */
export function snappyDecompress(data: Buffer, maxOutputBytes = Number.MAX_SAFE_INTEGER): Buffer {
  if (!isXerialFramed(data)) return rawUncompress(data, maxOutputBytes);
  let remaining = maxOutputBytes;
  const parts: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new Error('truncated xerial snappy block length');
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) throw new Error(`xerial snappy block of ${len} bytes overruns the input`);
    const part = rawUncompress(data.subarray(pos, pos + len), remaining);
    remaining -= part.length;
    parts.push(part);
    pos += len;
  }
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}
