/**
 * Reusable buffers for segment reads on the fetch path. A fresh 1 MiB Buffer per fetch costs page faults on
 * first touch and, being external memory, pushes V8 into frequent full collections ("external memory
 * pressure"); reusing buffers avoids both. Buffers come in power-of-two size classes; a fetch takes them
 * through a `ReadLease` and gives them all back once its response has been written to the socket.
 * A lease that is never released only costs the pool those buffers: the garbage collector frees them.
 */
const MIN_CLASS_BYTES = 64 * 1024;
/** Reads larger than this are allocated plainly (rare: a single partition's max_bytes above 16 MiB). */
const MAX_CLASS_BYTES = 16 * 1024 * 1024;

export interface ReadLease {
  /** A buffer of at least `length` bytes (its first `length` bytes are the caller's), valid until release. */
  alloc(length: number): Buffer;
  /** Returns every buffer of this lease to the pool; the caller must no longer use them. Idempotent. */
  release(): void;
}

function classOf(length: number): number {
  let size = MIN_CLASS_BYTES;
  while (size < length) size *= 2;
  return size;
}

export class ReadBufferPool {
  private readonly free = new Map<number, Buffer[]>();
  private freeBytes = 0;
  /** Buffers handed out since start, and how many of them were reused (for tests and insight). */
  readonly counters = { allocated: 0, reused: 0 };

  /** `maxFreeBytes` bounds the memory kept between fetches. */
  constructor(private readonly maxFreeBytes = 64 * 1024 * 1024) {}

  lease(): ReadLease {
    let held: Buffer[] | null = [];
    return {
      alloc: (length) => {
        const buf = this.take(length);
        if (held) held.push(buf);
        return buf;
      },
      release: () => {
        if (!held) return;
        for (const b of held) this.give(b);
        held = null;
      },
    };
  }

  private take(length: number): Buffer {
    if (length > MAX_CLASS_BYTES) return Buffer.allocUnsafeSlow(length);
    const size = classOf(length);
    const list = this.free.get(size);
    const reused = list?.pop();
    if (reused) {
      this.freeBytes -= size;
      this.counters.reused++;
      return reused;
    }
    this.counters.allocated++;
    return Buffer.allocUnsafeSlow(size);
  }

  private give(buf: Buffer): void {
    const size = buf.length;
    if (size < MIN_CLASS_BYTES || size > MAX_CLASS_BYTES || (size & (size - 1)) !== 0) return;
    if (this.freeBytes + size > this.maxFreeBytes) return;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buf);
    this.freeBytes += size;
  }
}
