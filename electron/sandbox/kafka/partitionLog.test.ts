import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partitionLog';
import { decodeRecordBatches, encodeRecordBatch } from './recordBatch';
import { recordBatchSize } from './recordBatchSize';

const at = Date.UTC(2025, 5, 2, 9, 0, 0);
const records = (count: number, from: number) =>
  Array.from({ length: count }, (_, index) => ({
    key: `k${from + index}`,
    value: `v${from + index}`,
    timestamp: at + (from + index) * 1000,
  }));

describe('a partition log', () => {
  it('starts where it is told and hands out consecutive offsets', () => {
    const log = new PartitionLog('orders', 0, { records: 1000, bytes: 1 << 20 }, 500);
    expect([log.logStartOffset, log.endOffset]).toEqual([500, 500]);
    expect(log.appendRecords(records(3, 0), at)).toBe(500);
    expect(log.appendRecords(records(2, 3), at)).toBe(503);
    expect([log.logStartOffset, log.endOffset]).toEqual([500, 505]);
  });

  it('returns whole batches from the one holding the fetch offset, at least one whatever the size', () => {
    const log = new PartitionLog('orders', 0);
    log.appendRecords(records(3, 0), at);
    log.appendRecords(records(3, 3), at);
    log.appendRecords(records(3, 6), at);
    const fromFour = log.read(4, 1 << 20).flatMap((bytes) => decodeRecordBatches(bytes));
    expect(fromFour.map((batch) => batch.baseOffset)).toEqual([3, 6]);
    expect(log.read(4, 1).length).toBe(1);
    expect(log.read(9, 1 << 20)).toEqual([]);
  });

  it('drops the oldest batches beyond its retention and moves the log start offset', () => {
    const log = new PartitionLog('orders', 0, { records: 10, bytes: 1 << 20 });
    for (let i = 0; i < 10; i++) log.appendRecords(records(4, i * 4), at);
    expect(log.endOffset).toBe(40);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.endOffset - log.logStartOffset).toBeGreaterThanOrEqual(10);
    expect(log.endOffset - log.logStartOffset).toBeLessThan(14);
    expect(log.read(0, 1 << 20).flatMap((bytes) => decodeRecordBatches(bytes))[0]!.baseOffset).toBe(
      log.logStartOffset,
    );

    const small = new PartitionLog('orders', 1, { records: 1_000_000, bytes: 2_000 });
    for (let i = 0; i < 50; i++) small.appendRecords(records(4, i * 4), at);
    expect(small.sizeInBytes).toBeLessThanOrEqual(2_000);
  });

  it('finds the first offset at or after a timestamp', () => {
    const log = new PartitionLog('orders', 0);
    log.appendRecords(records(5, 0), at);
    log.appendRecords(records(5, 5), at);
    expect(log.offsetForTimestamp(at + 6_500)).toEqual({ offset: 7, timestamp: at + 7_000 });
    expect(log.offsetForTimestamp(at - 1)).toEqual({ offset: 0, timestamp: at });
    expect(log.offsetForTimestamp(at + 60_000)).toBeNull();
  });

  it('keeps thousands of batches past retention in order, reading from the log start', () => {
    const log = new PartitionLog('orders', 0, { records: 300, bytes: 1 << 30 });
    for (let i = 0; i < 5_000; i++) log.appendRecords(records(1, i), at);
    expect(log.endOffset).toBe(5_000);
    expect(log.logStartOffset).toBe(4_700);
    const offsets = log
      .read(0, 1 << 30)
      .flatMap((bytes) => decodeRecordBatches(bytes))
      .map((batch) => batch.baseOffset);
    expect(offsets).toEqual(Array.from({ length: 300 }, (_, index) => 4_700 + index));
    expect(log.read(4_999, 1 << 20).flatMap((bytes) => decodeRecordBatches(bytes))[0]!.baseOffset).toBe(
      4_999,
    );
    expect(log.offsetForTimestamp(at)).toEqual({ offset: 4_700, timestamp: at + 4_700_000 });
  });

  it('encodes a deferred batch when first read, at its own offset, exactly the size it announced', () => {
    const eager = new PartitionLog('orders', 0, { records: 1000, bytes: 1 << 20 }, 40);
    const deferred = new PartitionLog('orders', 0, { records: 1000, bytes: 1 << 20 }, 40);
    let encodings = 0;
    for (let i = 0; i < 3; i++) {
      const batch = records(300, i * 300);
      eager.appendRecords(batch, at);
      const bytes = encodeRecordBatch(batch, { timestamp: at });
      deferred.appendDeferred({
        recordCount: batch.length,
        maxTimestamp: at + (i * 300 + 299) * 1000,
        size: recordBatchSize(
          batch.map((record) => ({
            keyLength: Buffer.byteLength(record.key),
            valueLength: Buffer.byteLength(record.value),
            timestampDelta: record.timestamp - batch[0]!.timestamp,
          })),
        ),
        encode: (baseOffset) => {
          encodings += 1;
          return encodeRecordBatch(batch, { baseOffset, timestamp: at });
        },
      });
      expect(deferred.sizeInBytes).toBe(eager.sizeInBytes);
      expect(bytes.length).toBe(
        recordBatchSize(
          batch.map((record) => ({
            keyLength: Buffer.byteLength(record.key),
            valueLength: Buffer.byteLength(record.value),
            timestampDelta: record.timestamp - batch[0]!.timestamp,
          })),
        ),
      );
    }
    expect(encodings).toBe(0);
    expect(deferred.read(340, 1 << 20)).toEqual(eager.read(340, 1 << 20));
    expect(deferred.read(340, 1 << 20)).toEqual(eager.read(340, 1 << 20));
    expect(encodings).toBe(2);
  });

  it('sizes records without keys or values, and with large ones', () => {
    const batch = [
      { key: null, value: null, timestamp: at },
      { key: 'k'.repeat(200), value: 'v'.repeat(70_000), timestamp: at + 86_400_000 },
    ];
    expect(
      recordBatchSize([
        { keyLength: null, valueLength: null, timestampDelta: 0 },
        { keyLength: 200, valueLength: 70_000, timestampDelta: 86_400_000 },
      ]),
    ).toBe(encodeRecordBatch(batch, { timestamp: at }).length);
  });
});
