import { gunzipSync, gzipSync } from 'node:zlib';
import { crc32c } from './crc32c';
import { MalformedKafkaData, WireReader, WireWriter } from './wireBuffer';

/**
 * Kafka's record batch, magic 2 (the message format since Kafka 0.11): a 61-byte header
 * whose CRC-32C covers everything from the attributes to the end, then varint-framed
 * records with offset and timestamp deltas from the batch's base.
 */

export const recordBatchHeaderSize = 61;
/** Where batchLength ends: the length counts the bytes after it. */
const lengthFieldEnd = 12;
const magicAt = 16;
const crcAt = 17;
const attributesAt = 21;

export const compressionCodecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionCodec = (typeof compressionCodecs)[number];

export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

export interface KafkaRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/** What the header of a batch says, read without touching the records. */
export interface RecordBatchHeader {
  baseOffset: number;
  /** The whole batch in bytes, header included. */
  size: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  compression: CompressionCodec;
  timestampType: 'CreateTime' | 'LogAppendTime';
  transactional: boolean;
  control: boolean;
  lastOffsetDelta: number;
  firstTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface RecordBatch extends RecordBatchHeader {
  records: KafkaRecord[];
}

export interface NewRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  /** Epoch ms; defaults to the batch's timestamp. */
  timestamp?: number;
  headers?: ReadonlyArray<{ key: string; value: Buffer | string | null }>;
}

export interface EncodeOptions {
  baseOffset?: number;
  /** For records without their own timestamp. */
  timestamp?: number;
  compression?: 'none' | 'gzip';
  partitionLeaderEpoch?: number;
  /** An idempotent producer's id, epoch and the sequence of the batch's first record. */
  producer?: { id: number; epoch: number; baseSequence: number };
}

/** A batch that fails its checksum or does not parse; produce answers CORRUPT_MESSAGE. */
export class CorruptRecordBatch extends Error {
  override name = 'CorruptRecordBatch';
}

/** A batch compressed with a codec this broker cannot decompress for reading. */
export class UnsupportedCompression extends Error {
  override name = 'UnsupportedCompression';
}

const toBuffer = (value: Buffer | string | null | undefined): Buffer | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? Buffer.from(value) : value;

export function encodeRecordBatch(records: readonly NewRecord[], options: EncodeOptions = {}): Buffer {
  if (records.length === 0) throw new Error('A record batch holds at least one record');
  const now = options.timestamp ?? Date.now();
  const timestamps = records.map((record) => record.timestamp ?? now);
  const firstTimestamp = timestamps[0]!;
  const maxTimestamp = timestamps.reduce((max, timestamp) => Math.max(max, timestamp), firstTimestamp);

  const body = new WireWriter(records.length * 64);
  records.forEach((record, index) => writeRecord(body, record, timestamps[index]! - firstTimestamp, index));
  const compression = options.compression ?? 'none';
  const payload = compression === 'gzip' ? gzipSync(body.view()) : body.view();

  const batch = new WireWriter(recordBatchHeaderSize + payload.length);
  batch.int64(options.baseOffset ?? 0);
  const lengthAt = batch.placeholderInt32();
  batch.int32(options.partitionLeaderEpoch ?? 0);
  batch.int8(2);
  const checksumAt = batch.placeholderInt32();
  batch.int16(compression === 'gzip' ? 1 : 0);
  batch.int32(records.length - 1);
  batch.int64(firstTimestamp);
  batch.int64(maxTimestamp);
  batch.int64(options.producer?.id ?? -1);
  batch.int16(options.producer?.epoch ?? -1);
  batch.int32(options.producer?.baseSequence ?? -1);
  batch.int32(records.length);
  batch.raw(payload);
  batch.setInt32(lengthAt, batch.length - lengthFieldEnd);
  batch.setUint32(checksumAt, crc32c(batch.view(attributesAt)));
  return batch.toBuffer();
}

function writeRecord(
  writer: WireWriter,
  record: NewRecord,
  timestampDelta: number,
  offsetDelta: number,
): void {
  const body = new WireWriter(64);
  body.int8(0);
  body.varint(timestampDelta);
  body.varint(offsetDelta);
  writeVarintBytes(body, toBuffer(record.key));
  writeVarintBytes(body, toBuffer(record.value));
  const headers = record.headers ?? [];
  body.varint(headers.length);
  for (const header of headers) {
    const key = Buffer.from(header.key, 'utf8');
    body.varint(key.length).raw(key);
    writeVarintBytes(body, toBuffer(header.value));
  }
  writer.varint(body.length).raw(body.view());
}

function writeVarintBytes(writer: WireWriter, value: Buffer | null): void {
  if (value === null) writer.varint(-1);
  else writer.varint(value.length).raw(value);
}

/**
 * Reads the header of the batch at the start of `bytes` and checks its length, magic and
 * CRC-32C. Throws CorruptRecordBatch when any of them is wrong.
 */
export function readRecordBatchHeader(bytes: Buffer): RecordBatchHeader {
  if (bytes.length < recordBatchHeaderSize)
    throw new CorruptRecordBatch(`A record batch needs ${recordBatchHeaderSize} bytes; got ${bytes.length}`);
  const batchLength = bytes.readInt32BE(8);
  const size = lengthFieldEnd + batchLength;
  if (batchLength < recordBatchHeaderSize - lengthFieldEnd || size > bytes.length)
    throw new CorruptRecordBatch(`Record batch length ${batchLength} does not fit ${bytes.length} bytes`);
  const magic = bytes.readInt8(magicAt);
  if (magic !== 2) throw new CorruptRecordBatch(`Record batch magic ${magic}; only magic 2 is supported`);
  const crc = bytes.readUInt32BE(crcAt);
  const computed = crc32c(bytes.subarray(attributesAt, size));
  if (crc !== computed)
    throw new CorruptRecordBatch(
      `Record batch CRC-32C is 0x${crc.toString(16)} but the bytes give 0x${computed.toString(16)}`,
    );
  const attributes = bytes.readInt16BE(attributesAt);
  const codec = compressionCodecs[attributes & 0x07];
  if (codec === undefined) throw new CorruptRecordBatch(`Unknown compression codec ${attributes & 0x07}`);
  const recordCount = bytes.readInt32BE(57);
  const lastOffsetDelta = bytes.readInt32BE(23);
  if (recordCount < 0 || lastOffsetDelta < 0)
    throw new CorruptRecordBatch(
      `Record batch with ${recordCount} records and last offset delta ${lastOffsetDelta}`,
    );
  return {
    baseOffset: Number(bytes.readBigInt64BE(0)),
    size,
    partitionLeaderEpoch: bytes.readInt32BE(12),
    magic,
    crc,
    compression: codec,
    timestampType: attributes & 0x08 ? 'LogAppendTime' : 'CreateTime',
    transactional: (attributes & 0x10) !== 0,
    control: (attributes & 0x20) !== 0,
    lastOffsetDelta,
    firstTimestamp: Number(bytes.readBigInt64BE(27)),
    maxTimestamp: Number(bytes.readBigInt64BE(35)),
    producerId: Number(bytes.readBigInt64BE(43)),
    producerEpoch: bytes.readInt16BE(51),
    baseSequence: bytes.readInt32BE(53),
    recordCount,
  };
}

/** Every batch in a record set (a produce request's or a fetch response's records field). */
export function decodeRecordBatches(bytes: Buffer): RecordBatch[] {
  const batches: RecordBatch[] = [];
  let at = 0;
  while (at < bytes.length) {
    const view = bytes.subarray(at);
    const header = readRecordBatchHeader(view);
    batches.push({ ...header, records: decodeRecords(header, view.subarray(0, header.size)) });
    at += header.size;
  }
  return batches;
}

function decodeRecords(header: RecordBatchHeader, batch: Buffer): KafkaRecord[] {
  let payload = batch.subarray(recordBatchHeaderSize);
  if (header.compression === 'gzip') payload = gunzipSync(payload);
  else if (header.compression !== 'none')
    throw new UnsupportedCompression(`Cannot decompress ${header.compression} record batches`);
  const reader = new WireReader(payload);
  const records: KafkaRecord[] = [];
  try {
    for (let i = 0; i < header.recordCount; i++) {
      const length = reader.varint();
      const record = new WireReader(reader.raw(length));
      record.int8(); // attributes: unused by magic 2
      const timestampDelta = record.varint();
      const offsetDelta = record.varint();
      const key = readVarintBytes(record);
      const value = readVarintBytes(record);
      const headerCount = record.varint();
      const headers: RecordHeader[] = [];
      for (let h = 0; h < headerCount; h++) {
        const keyBytes = readVarintBytes(record);
        headers.push({ key: keyBytes?.toString('utf8') ?? '', value: readVarintBytes(record) });
      }
      records.push({
        offset: header.baseOffset + offsetDelta,
        timestamp:
          header.timestampType === 'LogAppendTime'
            ? header.maxTimestamp
            : header.firstTimestamp + timestampDelta,
        key,
        value,
        headers,
      });
    }
  } catch (error) {
    if (error instanceof MalformedKafkaData)
      throw new CorruptRecordBatch(`Unreadable record: ${error.message}`);
    throw error;
  }
  return records;
}

function readVarintBytes(reader: WireReader): Buffer | null {
  const length = reader.varint();
  if (length < -1) throw new MalformedKafkaData(`A record field cannot be ${length} bytes long`);
  return length === -1 ? null : Buffer.from(reader.raw(length));
}

/**
 * The batch with its base offset and leader epoch set, as the log stores it. Neither is
 * covered by the CRC, so the client's checksum stays valid.
 */
export function rebaseRecordBatch(batch: Buffer, baseOffset: number, partitionLeaderEpoch = 0): Buffer {
  const copy = Buffer.from(batch);
  copy.writeBigInt64BE(BigInt(baseOffset), 0);
  copy.writeInt32BE(partitionLeaderEpoch, 12);
  return copy;
}
