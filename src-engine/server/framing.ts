/**
 * Splits a TCP byte stream into Kafka frames (int32 size + payload) without
 * concatenating every chunk: bytes are gathered only when a frame is complete.
 */
export class FrameTooLargeError extends Error {}

export class FrameSplitter {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes of frames not yet complete (they count against queued.max.request.bytes). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Feeds bytes; returns every complete frame payload (without the size prefix). */
  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const size = this.peekSize();
      if (size < 0 || size > this.maxFrameBytes) {
        throw new FrameTooLargeError(`frame of ${size} bytes exceeds socket.request.max.bytes ${this.maxFrameBytes}`);
      }
      if (this.buffered < 4 + size) break;
      frames.push(this.take(4 + size).subarray(4));
    }
    return frames;
  }

  private peekSize(): number {
    // A size prefix split across chunks is rare: merge the leading chunks until it is whole.
    while (this.chunks[0]!.length < 4) {
      this.chunks.splice(0, 2, Buffer.concat([this.chunks[0]!, this.chunks[1]!]));
    }
    return this.chunks[0]!.readInt32BE(0);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      this.buffered -= n;
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    while (copied < n) {
      const c = this.chunks[0]!;
      const want = n - copied;
      if (c.length <= want) {
        c.copy(out, copied);
        copied += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, copied, 0, want);
        this.chunks[0] = c.subarray(want);
        copied += want;
      }
    }
    this.buffered -= n;
    return out;
  }
}
