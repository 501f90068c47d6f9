/**
 * Reads Kafka's wire primitives from a buffer. Every read is bounds-checked and
 * throws ProtocolDecodeError, which the connection layer turns into "close this
 * connection" — a malformed frame never reaches broker state.
 */
export class ProtocolDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolDecodeError';
  }
}

const TWO_POW_32 = 4294967296;

export class Reader {
  offset: number;
  readonly end: number;

  constructor(readonly buf: Buffer, offset = 0, end = buf.length) {
    this.offset = offset;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    const at = this.offset;
    if (n < 0 || at + n > this.end) {
      throw new ProtocolDecodeError(`truncated: need ${n} bytes at ${at}, have ${this.end - at}`);
    }
    this.offset = at + n;
    return at;
  }

  bool(): boolean {
    return this.buf[this.need(1)] !== 0;
  }
  int8(): number {
    return (this.buf[this.need(1)]! << 24) >> 24;
  }
  int16(): number {
    return this.buf.readInt16BE(this.need(2));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  int32(): number {
    return this.buf.readInt32BE(this.need(4));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.need(4));
  }
  /** int64 as a JS number: exact within ±2^53, which covers offsets, ids and timestamps. */
  int64(): number {
    const at = this.need(8);
    return this.buf.readInt32BE(at) * TWO_POW_32 + this.buf.readUInt32BE(at + 4);
  }
  float64(): number {
    return this.buf.readDoubleBE(this.need(8));
  }

  /** Unsigned LEB128 varint (flexible-version lengths and tags). */
  uvarint(): number {
    // Most record fields fit one byte: answer those without the general loop (or a call).
    const at = this.offset;
    if (at < this.end) {
      const first = this.buf[at]!;
      if (first < 0x80) {
        this.offset = at + 1;
        return first;
      }
      // Two bytes: lengths of 64 B to 8 KiB (zigzag doubles them), e.g. every 100-byte record's.
      if (at + 1 < this.end) {
        const second = this.buf[at + 1]!;
        if (second < 0x80) {
          this.offset = at + 2;
          return (first & 0x7f) | (second << 7);
        }
      }
    }
    return this.uvarintLong();
  }

  private uvarintLong(): number {
    const first = this.buf[this.need(1)]!;
    if (first < 0x80) return first;
    let result = first & 0x7f;
    let shift = 7;
    for (;;) {
      const b = this.buf[this.need(1)]!;
      if (shift === 28 && b > 0x0f) throw new ProtocolDecodeError('uvarint overflows 32 bits');
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('uvarint too long');
    }
  }

  /** Zigzag varint (record fields). */
  varint(): number {
    const u = this.uvarint();
    // Zigzag: even u is u / 2, odd u is -(u + 1) / 2 (arithmetic, not bit ops: u may exceed 2^31).
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Zigzag varlong as a number (record timestamp deltas). */
  varlong(): number {
    const at = this.offset;
    if (at < this.end) {
      const first = this.buf[at]!;
      if (first < 0x80) {
        this.offset = at + 1;
        return first % 2 === 0 ? first / 2 : -(first + 1) / 2;
      }
    }
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.buf[this.need(1)]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      mul *= 128;
    }
    throw new ProtocolDecodeError('varlong too long');
  }

  uuid(): string {
    const at = this.need(16);
    return this.buf.toString('base64url', at, at + 16);
  }

  private lengthOrNull(flexible: boolean, wide: boolean): number {
    if (flexible) return this.uvarint() - 1;
    return wide ? this.int32() : this.int16();
  }

  string(flexible: boolean): string {
    const s = this.nullableString(flexible);
    if (s === null) throw new ProtocolDecodeError('null for a non-nullable string');
    return s;
  }
  nullableString(flexible: boolean): string | null {
    const n = this.lengthOrNull(flexible, false);
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  bytes(flexible: boolean): Buffer {
    const b = this.nullableBytes(flexible);
    if (b === null) throw new ProtocolDecodeError('null for non-nullable bytes');
    return b;
  }
  /** Zero-copy: the result is a view into the frame. */
  nullableBytes(flexible: boolean): Buffer | null {
    const n = this.lengthOrNull(flexible, true);
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  /** Array length, or -1 for null. Guards against absurd counts from hostile frames. */
  arrayLength(flexible: boolean): number {
    const n = flexible ? this.uvarint() - 1 : this.int32();
    if (n > this.remaining()) throw new ProtocolDecodeError(`array count ${n} exceeds remaining ${this.remaining()} bytes`);
    return n;
  }

  skip(n: number): void {
    this.need(n);
  }

  /** Skips a tagged-field section, returning nothing (unknown tags are ignored, as Kafka's readers do). */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.skip(this.uvarint());
    }
  }
}
