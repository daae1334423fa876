import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { kafkajs } from '../../testing/kafkajsInternals';
import {
  CorruptRecordBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  readRecordBatchHeader,
  rebaseRecordBatch,
} from './recordBatch';
import { WireReader, WireWriter } from './wireBuffer';

describe('CRC-32C', () => {
  it('matches the Castagnoli check value and known vectors', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    // RFC 3720 (iSCSI) B.4: 32 bytes of zeros and 32 bytes of 0xff.
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
  });

  it('agrees with kafkajs on random buffers', () => {
    for (let size = 1; size < 2000; size += 97) {
      const bytes = randomBytes(size);
      expect(crc32c(bytes)).toBe(kafkajs.crc32c(bytes));
    }
  });
});

describe('zigzag varints', () => {
  it('encode as in the protocol guide and read back', () => {
    const cases: Array<[number, number[]]> = [
      [0, [0x00]],
      [-1, [0x01]],
      [1, [0x02]],
      [-2, [0x03]],
      [150, [0xac, 0x02]],
      [-2147483648, [0xff, 0xff, 0xff, 0xff, 0x0f]],
      [1_700_000_000_000, [0x80, 0xa0, 0xab, 0xfe, 0xf9, 0x62]],
    ];
    for (const [value, bytes] of cases) {
      const written = new WireWriter().varint(value).toBuffer();
      expect([...written], `varint ${value}`).toEqual(bytes);
      expect(new WireReader(written).varint()).toBe(value);
    }
  });
});

describe('record batch v2', () => {
  const at = Date.UTC(2025, 5, 2, 9, 0, 0);
  const records = [
    {
      key: 'ord_1',
      value: '{"eventType":"OrderCreated"}',
      timestamp: at,
      headers: [{ key: 'x-source', value: 'order-service' }],
    },
    { key: null, value: 'second', timestamp: at + 250, headers: [] },
    {
      key: Buffer.from([0, 1, 2]),
      value: null,
      timestamp: at + 100,
      headers: [{ key: 'empty', value: null }],
    },
  ];

  it('round-trips keys, values, headers, timestamps and offsets', () => {
    const bytes = encodeRecordBatch(records, { baseOffset: 1_000 });
    const [batch] = decodeRecordBatches(bytes);
    expect(batch).toMatchObject({
      baseOffset: 1_000,
      magic: 2,
      compression: 'none',
      timestampType: 'CreateTime',
      lastOffsetDelta: 2,
      firstTimestamp: at,
      maxTimestamp: at + 250,
      producerId: -1,
      recordCount: 3,
      size: bytes.length,
    });
    expect(batch!.records.map((record) => record.offset)).toEqual([1_000, 1_001, 1_002]);
    expect(batch!.records.map((record) => record.timestamp)).toEqual([at, at + 250, at + 100]);
    expect(batch!.records[0]!.key?.toString()).toBe('ord_1');
    expect(batch!.records[1]!.key).toBeNull();
    expect(batch!.records[2]!.value).toBeNull();
    expect(batch!.records[2]!.key).toEqual(Buffer.from([0, 1, 2]));
    expect(batch!.records[0]!.headers).toEqual([{ key: 'x-source', value: Buffer.from('order-service') }]);
    expect(batch!.records[2]!.headers).toEqual([{ key: 'empty', value: null }]);
  });

  it('puts the CRC-32C of attributes..end at byte 17 and the length of the rest at byte 8', () => {
    const bytes = encodeRecordBatch(records, { baseOffset: 7 });
    expect(bytes.readInt32BE(8)).toBe(bytes.length - 12);
    expect(bytes.readInt8(16)).toBe(2);
    expect(bytes.readUInt32BE(17)).toBe(crc32c(bytes.subarray(21)));
    expect(bytes.readUInt32BE(17)).toBe(kafkajs.crc32c(bytes.subarray(21)));
  });

  it('is decoded by kafkajs to the same records', async () => {
    const decoded = await kafkajs.decodeRecordBatch(encodeRecordBatch(records, { baseOffset: 42 }));
    expect(decoded.firstOffset).toBe('42');
    expect(decoded.lastOffsetDelta).toBe(2);
    expect(decoded.maxTimestamp).toBe(String(at + 250));
    expect(decoded.records.map((record) => [record.offset, record.timestamp])).toEqual([
      ['42', String(at)],
      ['43', String(at + 250)],
      ['44', String(at + 100)],
    ]);
    expect(decoded.records[0]!.key?.toString()).toBe('ord_1');
    expect(decoded.records[0]!.value?.toString()).toBe('{"eventType":"OrderCreated"}');
    expect(decoded.records[0]!.headers).toEqual({ 'x-source': Buffer.from('order-service') });
    expect(decoded.records[1]!.key).toBeNull();
  });

  it('decodes what the kafkajs producer encodes, with a valid checksum', async () => {
    const bytes = await kafkajs.encodeRecordBatch([
      { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: { trace: 'abc' }, timestamp: at },
      { key: null, value: Buffer.from('v2'), timestamp: at + 5 },
    ]);
    const [batch] = decodeRecordBatches(bytes);
    expect(
      batch!.records.map((record) => [record.offset, record.timestamp, record.value?.toString()]),
    ).toEqual([
      [0, at, 'v1'],
      [1, at + 5, 'v2'],
    ]);
    expect(batch!.records[0]!.headers).toEqual([{ key: 'trace', value: Buffer.from('abc') }]);
  });

  it('round-trips gzip-compressed records', () => {
    const [batch] = decodeRecordBatches(encodeRecordBatch(records, { compression: 'gzip' }));
    expect(batch!.compression).toBe('gzip');
    expect(batch!.records.map((record) => record.value?.toString() ?? null)).toEqual([
      '{"eventType":"OrderCreated"}',
      'second',
      null,
    ]);
  });

  it('keeps its checksum when the log rebases it', () => {
    const rebased = rebaseRecordBatch(encodeRecordBatch(records), 5_000, 3);
    const header = readRecordBatchHeader(rebased);
    expect(header).toMatchObject({ baseOffset: 5_000, partitionLeaderEpoch: 3 });
  });

  it('refuses a batch whose bytes no longer match its CRC, or that is cut short', () => {
    const bytes = encodeRecordBatch(records);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 3]! ^= 0x40;
    expect(() => readRecordBatchHeader(flipped)).toThrow(CorruptRecordBatch);
    expect(() => readRecordBatchHeader(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptRecordBatch);
    const oldMagic = Buffer.from(bytes);
    oldMagic.writeInt8(1, 16);
    expect(() => readRecordBatchHeader(oldMagic)).toThrow(/magic 1/);
  });
});
