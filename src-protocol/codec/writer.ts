/**
 * Builds Kafka wire bytes. Large byte payloads (record batches served by Fetch)
 * are not copied: `chunk()` hands them over by reference and `toChunks()`
 * returns the list for a single vectored socket write.
 */
const TWO_POW_32 = 4294967296;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
/** Payloads at least this large are passed by reference instead of copied. */
const ZERO_COPY_THRESHOLD = 1024;

export type RecordsPayload = Buffer | readonly Buffer[];

export class Writer {
  private buf: Buffer;
  private pos = 0;
  private readonly done: Buffer[] = [];
  private doneBytes = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.doneBytes + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n, 256));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }
  int8(v: number): void {
    this.ensure(1);
    this.pos = this.buf.writeInt8(v, this.pos);
  }
  int16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
  }
  uint16(v: number): void {
    this.ensure(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
  }
  int32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeInt32BE(v | 0, this.pos);
  }
  uint32(v: number): void {
    this.ensure(4);
    this.pos = this.buf.writeUInt32BE(v >>> 0, this.pos);
  }
  int64(v: number): void {
    this.ensure(8);
    if (Number.isSafeInteger(v)) {
      const hi = Math.floor(v / TWO_POW_32);
      this.buf.writeInt32BE(hi, this.pos);
      this.buf.writeUInt32BE(v - hi * TWO_POW_32, this.pos + 4);
      this.pos += 8;
    } else {
      // Values past 2^53 only come from sentinels like Long.MAX_VALUE: clamp into int64.
      let big = Number.isFinite(v) ? BigInt(Math.trunc(v)) : v > 0 ? INT64_MAX : INT64_MIN;
      if (big > INT64_MAX) big = INT64_MAX;
      if (big < INT64_MIN) big = INT64_MIN;
      this.pos = this.buf.writeBigInt64BE(big, this.pos);
    }
  }
  float64(v: number): void {
    this.ensure(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
  }

  uvarint(v: number): void {
    this.ensure(5);
    let n = v >>> 0;
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }
  varint(v: number): void {
    this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }
  varlong(v: number): void {
    this.ensure(10);
    let n = v >= 0 ? v * 2 : -v * 2 - 1;
    while (n >= 0x80) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  uuid(v: string): void {
    const raw = Buffer.from(v, 'base64url');
    if (raw.length !== 16) throw new Error(`invalid uuid ${v}`);
    this.raw(raw);
  }

  private lengthPrefix(n: number, flexible: boolean, wide: boolean): void {
    if (flexible) this.uvarint(n + 1);
    else if (wide) this.int32(n);
    else this.int16(n);
  }

  string(v: string, flexible: boolean): void {
    const n = Buffer.byteLength(v);
    this.lengthPrefix(n, flexible, false);
    this.ensure(n);
    this.pos += this.buf.write(v, this.pos, 'utf8');
  }
  nullableString(v: string | null, flexible: boolean): void {
    if (v === null) this.lengthPrefix(-1, flexible, false);
    else this.string(v, flexible);
  }

  bytes(v: Buffer, flexible: boolean): void {
    this.lengthPrefix(v.length, flexible, true);
    this.raw(v);
  }
  nullableBytes(v: Buffer | null, flexible: boolean): void {
    if (v === null) this.lengthPrefix(-1, flexible, true);
    else this.bytes(v, flexible);
  }

  /** Record batches: a buffer or a list of buffers, written without copying when large. */
  records(v: RecordsPayload | null, flexible: boolean): void {
    if (v === null) {
      this.lengthPrefix(-1, flexible, true);
      return;
    }
    if (Buffer.isBuffer(v)) {
      this.bytes(v, flexible);
      return;
    }
    let n = 0;
    for (const b of v) n += b.length;
    this.lengthPrefix(n, flexible, true);
    for (const b of v) this.raw(b);
  }

  arrayLength(n: number, flexible: boolean): void {
    this.lengthPrefix(n, flexible, true);
  }

  /** Appends bytes; large ones by reference. */
  raw(v: Buffer): void {
    if (v.length >= ZERO_COPY_THRESHOLD) {
      this.flushScratch();
      this.done.push(v);
      this.doneBytes += v.length;
      return;
    }
    this.ensure(v.length);
    v.copy(this.buf, this.pos);
    this.pos += v.length;
  }

  private flushScratch(): void {
    if (this.pos === 0) return;
    const part = this.buf.subarray(0, this.pos);
    this.done.push(part);
    this.doneBytes += part.length;
    this.buf = Buffer.allocUnsafe(Math.max(256, this.buf.length - this.pos));
    this.pos = 0;
  }

  toChunks(): Buffer[] {
    this.flushScratch();
    return this.done;
  }

  /** One contiguous buffer (copies when the writer holds several chunks). */
  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.doneBytes);
  }
}
