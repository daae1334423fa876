/**
 * Kafka's primitive encodings: big-endian integers, int16-prefixed strings, int32-prefixed
 * bytes and arrays, and the zigzag varints of record batch v2. int64 values are JavaScript
 * numbers: offsets and timestamps stay far below 2^53.
 *
 * A reader or writer marked `flexible` speaks the "flexible" versions of KIP-482 instead:
 * strings, bytes and arrays carry an unsigned-varint length plus one (0 is null), and every
 * struct ends with tagged fields.
 */

/** Bytes that do not follow the protocol; the connection that sent them is closed. */
export class MalformedKafkaData extends Error {
  override name = 'MalformedKafkaData';
}

export class WireReader {
  private position = 0;
  /** Compact lengths and tagged fields (a flexible version of the request). */
  flexible = false;

  constructor(private readonly buffer: Buffer) {}

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.buffer.length - this.position;
  }

  private take(length: number): number {
    if (length < 0 || this.position + length > this.buffer.length)
      throw new MalformedKafkaData(
        `Needed ${length} bytes at offset ${this.position} of a ${this.buffer.length}-byte frame`,
      );
    const start = this.position;
    this.position += length;
    return start;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.take(4));
  }

  int64(): number {
    return Number(this.buffer.readBigInt64BE(this.take(8)));
  }

  bool(): boolean {
    return this.buffer.readInt8(this.take(1)) !== 0;
  }

  /** A zigzag varint (int32 or int64 range, exact up to 2^53). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
      scale *= 128;
    }
    throw new MalformedKafkaData('A varint runs longer than ten bytes');
  }

  /** An unsigned varint (KIP-482's compact lengths and tags). */
  uvarint(): number {
    let value = 0;
    let scale = 1;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer.readUInt8(this.take(1));
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new MalformedKafkaData('An unsigned varint runs longer than five bytes');
  }

  /** Tagged fields end every struct of a flexible version; none is known here, so all are skipped. */
  taggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.raw(this.uvarint());
    }
  }

  raw(length: number): Buffer {
    const start = this.take(length);
    return this.buffer.subarray(start, start + length);
  }

  nullableString(): string | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int16();
    if (length === -1) return null;
    if (length < -1) throw new MalformedKafkaData(`A string cannot be ${length} bytes long`);
    return this.raw(length).toString('utf8');
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedKafkaData('A string that may not be null was null');
    return value;
  }

  nullableBytes(): Buffer | null {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    if (length === -1) return null;
    if (length < -1) throw new MalformedKafkaData(`A byte field cannot be ${length} bytes long`);
    return this.raw(length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  /** An element count (int32, or compact when flexible); -1 is null. A count the frame cannot hold is malformed. */
  arrayLength(): number {
    const length = this.flexible ? this.uvarint() - 1 : this.int32();
    if (length < -1 || length > this.remaining)
      throw new MalformedKafkaData(`An array of ${length} elements in ${this.remaining} bytes`);
    return length;
  }
}

export class WireWriter {
  private buffer: Buffer;
  private position = 0;
  /** Compact lengths and tagged fields (a flexible version of the response). */
  flexible = false;

  constructor(initialSize = 256) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.position;
  }

  private room(length: number): number {
    if (this.position + length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + length));
      this.buffer.copy(grown, 0, 0, this.position);
      this.buffer = grown;
    }
    const start = this.position;
    this.position += length;
    return start;
  }

  int8(value: number): this {
    const at = this.room(1);
    this.buffer.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.room(2);
    this.buffer.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.room(4);
    this.buffer.writeInt32BE(value, at);
    return this;
  }

  uint32(value: number): this {
    const at = this.room(4);
    this.buffer.writeUInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.room(8);
    this.buffer.writeBigInt64BE(BigInt(Math.trunc(value)), at);
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  varint(value: number): this {
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zigzag >= 0x80) {
      const at = this.room(1);
      this.buffer.writeUInt8((zigzag % 0x80) | 0x80, at);
      zigzag = Math.floor(zigzag / 0x80);
    }
    const at = this.room(1);
    this.buffer.writeUInt8(zigzag, at);
    return this;
  }

  uvarint(value: number): this {
    let rest = value;
    while (rest >= 0x80) {
      const at = this.room(1);
      this.buffer.writeUInt8((rest % 0x80) | 0x80, at);
      rest = Math.floor(rest / 0x80);
    }
    const at = this.room(1);
    this.buffer.writeUInt8(rest, at);
    return this;
  }

  /** No tagged fields: what this broker writes at the end of every struct of a flexible version. */
  taggedFields(): this {
    return this.uvarint(0);
  }

  /** An element count, -1 for null: int32, or compact when flexible. */
  arrayLength(length: number): this {
    return this.flexible ? this.uvarint(length + 1) : this.int32(length);
  }

  raw(bytes: Uint8Array): this {
    const at = this.room(bytes.length);
    this.buffer.set(bytes, at);
    return this;
  }

  nullableString(value: string | null): this {
    if (value === null) return this.flexible ? this.uvarint(0) : this.int16(-1);
    const bytes = Buffer.from(value, 'utf8');
    return (this.flexible ? this.uvarint(bytes.length + 1) : this.int16(bytes.length)).raw(bytes);
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableBytes(value: Uint8Array | null): this {
    if (value === null) return this.arrayLength(-1);
    return this.arrayLength(value.length).raw(value);
  }

  /** Leaves room for an int32 filled in later with `setInt32`. */
  placeholderInt32(): number {
    return this.room(4);
  }

  setInt32(at: number, value: number): this {
    this.buffer.writeInt32BE(value, at);
    return this;
  }

  setUint32(at: number, value: number): this {
    this.buffer.writeUInt32BE(value, at);
    return this;
  }

  /** The bytes written so far (a view, valid until the next write). */
  view(from = 0, to = this.position): Buffer {
    return this.buffer.subarray(from, to);
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.position));
  }
}
