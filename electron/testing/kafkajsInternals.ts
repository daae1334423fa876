import { createRequire } from 'node:module';

/**
 * kafkajs' own protocol code, loaded for tests to cross-check this broker's encodings
 * against an independent implementation. These modules are real kafkajs code, not typed
 * by its package, so each is given the shape the tests use.
 */

const require = createRequire(import.meta.url);

interface KafkajsDecodedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, Buffer | Buffer[]>;
}

export interface KafkajsDecodedBatch {
  firstOffset: string;
  firstTimestamp: string;
  maxTimestamp: string;
  lastOffsetDelta: number;
  producerId: string;
  records: KafkajsDecodedRecord[];
}

type KafkajsDecoderClass = new (buffer: Buffer) => unknown;

const Decoder = require('kafkajs/src/protocol/decoder') as KafkajsDecoderClass;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (
  decoder: unknown,
) => Promise<KafkajsDecodedBatch>;
const crc32cOfKafkajs = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (options: Record<string, unknown>) => Promise<{ buffer: Buffer }>;
};
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (options: {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
}) => unknown;
const murmur2OfKafkajs = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer,
) => number;

export const kafkajs = {
  decodeRecordBatch: (bytes: Buffer): Promise<KafkajsDecodedBatch> => decodeBatch(new Decoder(bytes)),
  crc32c: crc32cOfKafkajs,
  murmur2: murmur2OfKafkajs,
  /** A batch as the kafkajs producer encodes it (uncompressed). */
  encodeRecordBatch: async (
    records: Array<{
      key: Buffer | null;
      value: Buffer | null;
      headers?: Record<string, string>;
      timestamp: number;
    }>,
  ): Promise<Buffer> => {
    const first = records[0]!.timestamp;
    const batch = await RecordBatch({
      firstTimestamp: first,
      maxTimestamp: Math.max(...records.map((record) => record.timestamp)),
      lastOffsetDelta: records.length - 1,
      records: records.map((record, index) =>
        Record({
          offsetDelta: index,
          timestampDelta: record.timestamp - first,
          key: record.key,
          value: record.value,
          headers: record.headers,
        }),
      ),
    });
    return batch.buffer;
  },
};
