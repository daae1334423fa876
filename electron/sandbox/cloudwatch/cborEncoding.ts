/**
 * CBOR (RFC 8949) as Smithy's RPC v2 protocol uses it: maps with text keys, definite and
 * indefinite lengths, floats of every width, and timestamps as tag 1 around epoch seconds.
 * Decoded timestamps are plain epoch seconds, as they are on AWS JSON, so one request reader
 * serves both protocols.
 */

export class CborDecodingError extends Error {}

const epochSecondsTag = 1;

export function encodeCbor(value: unknown): Buffer {
  const chunks: Buffer[] = [];
  write(value, chunks);
  return Buffer.concat(chunks);
}

function write(value: unknown, out: Buffer[]): void {
  if (value === null || value === undefined) out.push(Buffer.from([value === null ? 0xf6 : 0xf7]));
  else if (typeof value === 'boolean') out.push(Buffer.from([value ? 0xf5 : 0xf4]));
  else if (typeof value === 'number') writeNumber(value, out);
  else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(head(3, bytes.length), bytes);
  } else if (value instanceof Date) {
    out.push(head(6, epochSecondsTag));
    writeFloat(value.getTime() / 1000, out);
  } else if (Array.isArray(value)) {
    out.push(head(4, value.length));
    for (const item of value) write(item, out);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, member]) => member !== undefined);
    out.push(head(5, entries.length));
    for (const [key, member] of entries) {
      write(key, out);
      write(member, out);
    }
  } else throw new Error(`CBOR cannot carry a ${typeof value}`);
}

function writeNumber(value: number, out: Buffer[]): void {
  if (Number.isSafeInteger(value)) out.push(value >= 0 ? head(0, value) : head(1, -1 - value));
  else writeFloat(value, out);
}

function writeFloat(value: number, out: Buffer[]): void {
  const bytes = Buffer.alloc(9);
  bytes[0] = 0xfb;
  bytes.writeDoubleBE(value, 1);
  out.push(bytes);
}

function head(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) {
    const bytes = Buffer.from([type | 25, 0, 0]);
    bytes.writeUInt16BE(length, 1);
    return bytes;
  }
  if (length < 0x100000000) {
    const bytes = Buffer.from([type | 26, 0, 0, 0, 0]);
    bytes.writeUInt32BE(length, 1);
    return bytes;
  }
  const bytes = Buffer.alloc(9);
  bytes[0] = type | 27;
  bytes.writeBigUInt64BE(BigInt(length), 1);
  return bytes;
}

const breakMarker = Symbol('break');

export function decodeCbor(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  const reader = { bytes, at: 0 };
  const value = read(reader);
  if (value === breakMarker || reader.at !== bytes.length)
    throw new CborDecodingError('The request body is not one CBOR data item.');
  return value;
}

interface Reader {
  bytes: Buffer;
  at: number;
}

function take(reader: Reader, count: number): Buffer {
  if (reader.at + count > reader.bytes.length) throw new CborDecodingError('The CBOR body ends too early.');
  const slice = reader.bytes.subarray(reader.at, reader.at + count);
  reader.at += count;
  return slice;
}

/** The argument of an initial byte; null for an indefinite length. */
function argument(reader: Reader, info: number): number | null {
  if (info < 24) return info;
  if (info === 24) return take(reader, 1).readUInt8(0);
  if (info === 25) return take(reader, 2).readUInt16BE(0);
  if (info === 26) return take(reader, 4).readUInt32BE(0);
  if (info === 27) return Number(take(reader, 8).readBigUInt64BE(0));
  if (info === 31) return null;
  throw new CborDecodingError(`Unknown CBOR length code ${info}.`);
}

function read(reader: Reader): unknown {
  const initial = take(reader, 1)[0]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) return readSimple(reader, info);
  const length = argument(reader, info);
  switch (major) {
    case 0:
      return length;
    case 1:
      return -1 - length!;
    case 2:
    case 3: {
      const parts: Buffer[] = [];
      if (length !== null) parts.push(take(reader, length));
      else
        for (let part = read(reader); part !== breakMarker; part = read(reader))
          parts.push(Buffer.isBuffer(part) ? part : Buffer.from(String(part), 'utf8'));
      const joined = Buffer.concat(parts);
      return major === 2 ? joined : joined.toString('utf8');
    }
    case 4: {
      const items: unknown[] = [];
      if (length !== null) for (let i = 0; i < length; i++) items.push(read(reader));
      else for (let item = read(reader); item !== breakMarker; item = read(reader)) items.push(item);
      return items;
    }
    case 5: {
      const map: Record<string, unknown> = {};
      for (let i = 0; length === null || i < length; i++) {
        const key = read(reader);
        if (key === breakMarker && length === null) break;
        if (typeof key !== 'string') throw new CborDecodingError('CBOR map keys must be text.');
        map[key] = read(reader);
      }
      return map;
    }
    default:
      // Tag 1 (epoch seconds) and any other tag: the tagged value itself.
      return read(reader);
  }
}

function readSimple(reader: Reader, info: number): unknown {
  switch (info) {
    case 20:
      return false;
    case 21:
      return true;
    case 22:
    case 23:
      return null;
    case 25:
      return halfFloat(take(reader, 2).readUInt16BE(0));
    case 26:
      return take(reader, 4).readFloatBE(0);
    case 27:
      return take(reader, 8).readDoubleBE(0);
    case 31:
      return breakMarker;
    default:
      throw new CborDecodingError(`Unknown CBOR simple value ${info}.`);
  }
}

function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
