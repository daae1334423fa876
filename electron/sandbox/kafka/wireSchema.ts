import type { WireReader, WireWriter } from './wireBuffer';

/**
 * Kafka message schemas as values, transcribed from the broker's own JSON definitions
 * (clients/src/main/resources/common/message): a struct lists its fields in wire order,
 * each valid for a range of versions. One generic codec reads requests and writes
 * responses at whatever version the client speaks. In the flexible versions of an API
 * (KIP-482) the reader or writer is marked `flexible`: lengths turn compact and every struct
 * ends with tagged fields, which this broker neither reads nor writes any of.
 */

export interface WireType<T> {
  read(reader: WireReader, version: number): T;
  write(writer: WireWriter, value: T, version: number): void;
  /** What a field of this type reads as in versions that do not carry it. */
  readonly empty: T;
}

export interface FieldSpec<T> {
  readonly type: WireType<T>;
  readonly from: number;
  readonly to: number;
  readonly fallback: T;
}

type FieldDefinition = WireType<unknown> | FieldSpec<unknown>;
type FieldValue<D> = D extends FieldSpec<infer T> ? T : D extends WireType<infer T> ? T : never;
export type StructValue<F> = { [K in keyof F]: FieldValue<F[K]> };
/** The value type a schema reads and writes. */
export type WireValue<S> = S extends WireType<infer T> ? T : never;

const primitive = <T>(
  empty: T,
  read: (reader: WireReader) => T,
  write: (writer: WireWriter, value: T) => void,
): WireType<T> => ({ empty, read, write });

export const int8 = primitive(
  0,
  (r) => r.int8(),
  (w, v) => void w.int8(v),
);
export const int16 = primitive(
  0,
  (r) => r.int16(),
  (w, v) => void w.int16(v),
);
export const int32 = primitive(
  0,
  (r) => r.int32(),
  (w, v) => void w.int32(v),
);
export const int64 = primitive(
  0,
  (r) => r.int64(),
  (w, v) => void w.int64(v),
);
export const bool = primitive(
  false,
  (r) => r.bool(),
  (w, v) => void w.bool(v),
);
export const string = primitive(
  '',
  (r) => r.string(),
  (w, v) => void w.string(v),
);
export const nullableString = primitive<string | null>(
  null,
  (r) => r.nullableString(),
  (w, v) => void w.nullableString(v),
);
export const bytes = primitive<Buffer>(
  Buffer.alloc(0),
  (r) => Buffer.from(r.bytes()),
  (w, v) => void w.nullableBytes(v),
);
export const nullableBytes = primitive<Buffer | null>(
  null,
  (r) => {
    const value = r.nullableBytes();
    return value === null ? null : Buffer.from(value);
  },
  (w, v) => void w.nullableBytes(v),
);

export function array<T>(item: WireType<T>): WireType<T[]> {
  return {
    empty: [],
    read: (reader, version) => readArray(reader, item, version) ?? [],
    write: (writer, value, version) => writeArray(writer, item, value, version),
  };
}

/** An array whose null (length -1) means something different from empty. */
export function nullableArray<T>(item: WireType<T>): WireType<T[] | null> {
  return {
    empty: null,
    read: (reader, version) => readArray(reader, item, version),
    write: (writer, value, version) => writeArray(writer, item, value, version),
  };
}

function readArray<T>(reader: WireReader, item: WireType<T>, version: number): T[] | null {
  const length = reader.arrayLength();
  if (length === -1) return null;
  const values: T[] = [];
  for (let i = 0; i < length; i++) values.push(item.read(reader, version));
  return values;
}

function writeArray<T>(writer: WireWriter, item: WireType<T>, value: T[] | null, version: number): void {
  if (value === null) {
    writer.arrayLength(-1);
    return;
  }
  writer.arrayLength(value.length);
  for (const element of value) item.write(writer, element, version);
}

/** A field carried from `from` up to `to` (inclusive), read as `fallback` in other versions. */
export function versions<T>(
  from: number,
  to: number,
  type: WireType<T>,
  fallback: T = type.empty,
): FieldSpec<T> {
  return { type, from, to, fallback };
}

/** A field added in `from` and kept since. */
export function since<T>(from: number, type: WireType<T>, fallback: T = type.empty): FieldSpec<T> {
  return versions(from, Number.POSITIVE_INFINITY, type, fallback);
}

export function struct<F extends Record<string, FieldDefinition>>(fields: F): WireType<StructValue<F>> {
  const specs = Object.entries(fields).map(([name, definition]) => {
    const spec: FieldSpec<unknown> =
      'from' in definition
        ? definition
        : { type: definition, from: 0, to: Number.POSITIVE_INFINITY, fallback: definition.empty };
    return { name, ...spec };
  });
  return {
    get empty() {
      return Object.fromEntries(specs.map((spec) => [spec.name, spec.fallback])) as StructValue<F>;
    },
    read: (reader, version) => {
      const value: Record<string, unknown> = {};
      for (const spec of specs)
        value[spec.name] =
          version >= spec.from && version <= spec.to ? spec.type.read(reader, version) : spec.fallback;
      if (reader.flexible) reader.taggedFields();
      return value as StructValue<F>;
    },
    write: (writer, value, version) => {
      const record = value as Record<string, unknown>;
      for (const spec of specs)
        if (version >= spec.from && version <= spec.to) spec.type.write(writer, record[spec.name], version);
      if (writer.flexible) writer.taggedFields();
    },
  };
}
