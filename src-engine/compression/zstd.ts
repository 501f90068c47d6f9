/**
 * zstd with a bound on the decompressed size. Frames that declare their content size use zstd-napi's one-shot
 * path; frames without it (what Java's streaming ZstdOutputStream writes) are decoded with the streaming API so a
 * small hostile batch cannot make the broker allocate gigabytes.
 */
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import binding from 'zstd-napi/binding.js';

let sharedDctx: binding.DCtx | null = null;

export function zstdCompressFrame(data: Buffer, level?: number): Buffer {
  return zstdCompress(data, level === undefined ? {} : { compressionLevel: level });
}

/** Total declared content size of all frames, or null when any frame omits it. Throws on malformed frames. */
function declaredContentSize(data: Buffer): number | null {
  let total = 0;
  let frame = data;
  while (frame.length > 0) {
    const size = binding.getFrameContentSize(frame);
    if (size === null) return null;
    total += size;
    frame = frame.subarray(binding.findFrameCompressedSize(frame));
  }
  return total;
}

function tooLarge(maxOutputBytes: number): RangeError {
  return new RangeError(`zstd data decompresses to more than ${maxOutputBytes} bytes`);
}

export function zstdDecompressBounded(data: Buffer, maxOutputBytes: number): Buffer {
  const declared = declaredContentSize(data);
  if (declared !== null) {
    if (declared > maxOutputBytes) throw tooLarge(maxOutputBytes);
    return zstdDecompress(data);
  }
  sharedDctx ??= new binding.DCtx();
  const dctx = sharedDctx;
  const chunks: Buffer[] = [];
  let produced = 0;
  let input = data;
  let pending = 1;
  try {
    while (input.length > 0 || pending > 0) {
      const chunk = Buffer.allocUnsafe(Math.max(binding.dStreamOutSize(), Math.min(input.length * 4, maxOutputBytes + 1)));
      const [hint, written, consumed] = dctx.decompressStream(chunk, input);
      if (written === 0 && consumed === 0) throw new Error('truncated zstd frame');
      produced += written;
      if (produced > maxOutputBytes) throw tooLarge(maxOutputBytes);
      if (written > 0) chunks.push(chunk.subarray(0, written));
      input = input.subarray(consumed);
      pending = hint;
    }
  } catch (err) {
    sharedDctx = null; // a context that failed mid-frame is not reused
    throw err;
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
