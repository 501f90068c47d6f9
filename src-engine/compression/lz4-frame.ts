/**
 * LZ4 frame decoding with a fast path. lz4-napi's frame decoder is slow (~75 MB/s on 64 KiB batches), while its raw
 * block decoder is an order of magnitude faster, so frames whose blocks are independent (Kafka's Java
 * KafkaLZ4BlockOutputStream, lz4-napi, most writers) are parsed here and decoded block by block. Frames with
 * linked blocks (librdkafka's default), dictionaries or anything unexpected go to lz4-napi's full decoder.
 * Frame layout: magic 0x184D2204 | FLG | BD | [content size u64] | [dict id u32] | HC | blocks (u32 LE size, high
 * bit = stored uncompressed, 0 = end mark; optional u32 checksum) | [content checksum u32].
 */
import { decompressFrameSync, uncompressSync } from 'lz4-napi';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_SIZES: Readonly<Record<number, number>> = { 4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024 };

class UseFallback extends Error {}

function decodeBlock(block: Buffer, maxSize: number): Buffer {
  // lz4-napi's raw decoder wants the (maximum) output size prepended, little-endian.
  const input = Buffer.allocUnsafe(block.length + 4);
  input.writeUInt32LE(maxSize, 0);
  block.copy(input, 4);
  return uncompressSync(input);
}

class TooLarge extends RangeError {}

function decodeFrames(data: Buffer, maxOutputBytes: number): Buffer {
  const out: Buffer[] = [];
  let produced = 0;
  let pos = 0;
  while (pos < data.length) {
    if (pos + 4 > data.length) throw new UseFallback();
    const magic = data.readUInt32LE(pos);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      pos += 8 + data.readUInt32LE(pos + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC || pos + 7 > data.length) throw new UseFallback();
    const flg = data[pos + 4] as number;
    const bd = data[pos + 5] as number;
    const independent = (flg & 0x20) !== 0;
    const blockChecksum = (flg & 0x10) !== 0;
    const contentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const dictId = (flg & 0x01) !== 0;
    const maxSize = BLOCK_MAX_SIZES[(bd >> 4) & 0x07];
    if (flg >> 6 !== 1 || !independent || dictId || maxSize === undefined) throw new UseFallback();
    pos += 6 + (contentSize ? 8 : 0) + 1;
    for (;;) {
      if (pos + 4 > data.length) throw new UseFallback();
      const word = data.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const stored = (word & 0x80000000) !== 0;
      const size = word & 0x7fffffff;
      if (size > maxSize || pos + size > data.length) throw new UseFallback();
      const block = data.subarray(pos, pos + size);
      const decoded = stored ? block : decodeBlock(block, maxSize);
      produced += decoded.length;
      if (produced > maxOutputBytes) throw new TooLarge(`lz4 data decompresses to more than ${maxOutputBytes} bytes`);
      out.push(decoded);
      pos += size + (blockChecksum ? 4 : 0);
    }
    pos += contentChecksum ? 4 : 0;
  }
  return out.length === 1 ? (out[0] as Buffer) : Buffer.concat(out);
}

/**
 * The fast path alone: null when the input needs the full decoder (linked blocks, dictionary, malformed).
 * Throws RangeError when the output would exceed `maxOutputBytes`.
 */
export function decodeIndependentBlockFrames(data: Buffer, maxOutputBytes = Number.MAX_SAFE_INTEGER): Buffer | null {
  try {
    return decodeFrames(data, maxOutputBytes);
  } catch (err) {
    if (err instanceof TooLarge) throw err;
    return null;
  }
}

/** Linked-block frames fall back to lz4-napi, whose output LZ4's format bounds to about 255x the input. */
export function lz4DecompressFrame(data: Buffer, maxOutputBytes = Number.MAX_SAFE_INTEGER): Buffer {
  const out = decodeIndependentBlockFrames(data, maxOutputBytes) ?? decompressFrameSync(data);
  if (out.length > maxOutputBytes) throw new RangeError(`lz4 data decompresses to more than ${maxOutputBytes} bytes`);
  return out;
}
