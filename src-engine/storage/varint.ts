/**
 * Zigzag varints as used inside v2 records (protobuf-style signed varints), plus a growable writer.
 * Reads work on a cursor so a record walk never allocates.
 */

export class ByteCursor {
  constructor(public buf: Buffer, public pos: number, public end: number = buf.length) {}

  /** Zigzag varint that must fit an int32 (at most 5 bytes). */
  readVarint(): number {
    const buf = this.buf;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new RangeError('varint runs past the end of the record data');
      const b = buf[this.pos++] as number;
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
      shift += 7;
    }
    throw new RangeError('varint is longer than 5 bytes');
  }

  /** Zigzag varlong (at most 10 bytes), returned as a JS number (exact to 2^53). */
  readVarlong(): number {
    const buf = this.buf;
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('varlong runs past the end of the record data');
      const b = buf[this.pos++] as number;
      result += (b & 0x7f) * multiplier;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      multiplier *= 128;
    }
    throw new RangeError('varlong is longer than 10 bytes');
  }

  /** Reads a varint length then that many bytes; -1 means null. Returns a view, not a copy. */
  readNullableBytes(): Buffer | null {
    const len = this.readVarint();
    if (len < 0) {
      if (len !== -1) throw new RangeError(`invalid length ${len}`);
      return null;
    }
    return this.take(len);
  }

  /** Skips a varint-length-prefixed field; returns its length, -1 when it was null. */
  skipNullableBytes(): number {
    const len = this.readVarint();
    if (len < 0) {
      if (len !== -1) throw new RangeError(`invalid length ${len}`);
      return -1;
    }
    if (this.pos + len > this.end) throw new RangeError('field runs past the end of the record data');
    this.pos += len;
    return len;
  }

  take(len: number): Buffer {
    if (this.pos + len > this.end) throw new RangeError('field runs past the end of the record data');
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }
}

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

/** Encoded size of a zigzag varint/varlong. */
export function sizeOfVarint(value: number): number {
  let z = zigzag(value);
  let size = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    size++;
  }
  return size;
}

/** Append-only byte writer that grows by doubling. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  writeVarint(value: number): void {
    this.ensure(10);
    let z = zigzag(value);
    while (z >= 128) {
      this.buf[this.pos++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    this.buf[this.pos++] = z;
  }

  writeInt8(value: number): void {
    this.ensure(1);
    this.buf.writeInt8(value, this.pos);
    this.pos += 1;
  }

  writeBytes(data: Buffer): void {
    this.ensure(data.length);
    data.copy(this.buf, this.pos);
    this.pos += data.length;
  }

  /** varint length (-1 for null) followed by the bytes. */
  writeNullableBytes(data: Buffer | null): void {
    if (data === null) {
      this.writeVarint(-1);
      return;
    }
    this.writeVarint(data.length);
    this.writeBytes(data);
  }

  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}
