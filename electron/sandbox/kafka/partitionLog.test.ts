import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partitionLog';
import { decodeRecordBatches } from './recordBatch';

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
});
