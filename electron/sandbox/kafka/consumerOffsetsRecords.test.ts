import { describe, expect, it } from 'vitest';
import {
  consumerOffsetsPartitionFor,
  decodeConsumerOffsetsKey,
  decodeOffsetCommitValue,
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  javaStringHashCode,
  OffsetRecordsBatch,
} from './consumerOffsetsRecords';
import { decodeRecordBatches } from './recordBatch';

describe('__consumer_offsets records', () => {
  it('hash group ids as Java does and pick the partition as Kafka does', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('payment-service')).toBeLessThan(0);
    // Famous for hashing to Integer.MIN_VALUE, which Kafka's Utils.abs maps to 0.
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(consumerOffsetsPartitionFor('polygenelubricants', 50)).toBe(0);
    expect(consumerOffsetsPartitionFor('hello', 50)).toBe(99162322 % 50);
    const hash = javaStringHashCode('payment-service');
    expect(consumerOffsetsPartitionFor('payment-service', 50)).toBe(Math.abs(hash) % 50);
  });

  it('lay out a commit key as version 1, group, topic, partition', () => {
    const key = encodeOffsetCommitKey({ group: 'payment-service', topic: 'payment-process', partition: 2 });
    expect(key.readInt16BE(0)).toBe(1);
    expect(key.readInt16BE(2)).toBe('payment-service'.length);
    expect(key.toString('utf8', 4, 19)).toBe('payment-service');
    expect(key.readInt16BE(19)).toBe('payment-process'.length);
    expect(key.toString('utf8', 21, 36)).toBe('payment-process');
    expect(key.readInt32BE(36)).toBe(2);
    expect(key.length).toBe(40);
    expect(decodeConsumerOffsetsKey(key)).toEqual({
      version: 1,
      group: 'payment-service',
      topic: 'payment-process',
      partition: 2,
    });
  });

  it('lay out a commit value as version 3: offset, leader epoch, metadata, commit timestamp', () => {
    const at = Date.UTC(2025, 5, 2, 9, 0, 0);
    const value = encodeOffsetCommitValue({
      offset: 3_144_962,
      leaderEpoch: 0,
      metadata: 'm',
      commitTimestamp: at,
    });
    expect(value.readInt16BE(0)).toBe(3);
    expect(Number(value.readBigInt64BE(2))).toBe(3_144_962);
    expect(value.readInt32BE(10)).toBe(0);
    expect(value.readInt16BE(14)).toBe(1);
    expect(value.toString('utf8', 16, 17)).toBe('m');
    expect(Number(value.readBigInt64BE(17))).toBe(at);
    expect(value.length).toBe(25);
    expect(decodeOffsetCommitValue(value)).toEqual({
      version: 3,
      offset: 3_144_962,
      leaderEpoch: 0,
      metadata: 'm',
      commitTimestamp: at,
      expireTimestamp: -1,
    });
  });

  it('read the older value version 1 that carries an expire timestamp', () => {
    const value = Buffer.alloc(2 + 8 + 2 + 8 + 8);
    value.writeInt16BE(1, 0);
    value.writeBigInt64BE(10n, 2);
    value.writeInt16BE(0, 10);
    value.writeBigInt64BE(1000n, 12);
    value.writeBigInt64BE(2000n, 20);
    expect(decodeOffsetCommitValue(value)).toMatchObject({
      version: 1,
      offset: 10,
      commitTimestamp: 1000,
      expireTimestamp: 2000,
    });
  });

  it('announce a commit batch at exactly the size it encodes to, tombstones and UTF-8 names too', () => {
    const now = Date.UTC(2025, 5, 2, 9, 0, 0);
    const batch = new OffsetRecordsBatch(
      'zahlungs-dienst-ü',
      [
        {
          topic: 'payment-process',
          partition: 2,
          offset: 2 ** 40,
          leaderEpoch: 0,
          metadata: 'méta',
          commitTimestamp: now,
        },
        { topic: 'saga-response', partition: 0, tombstone: true },
      ],
      now,
    );
    const bytes = batch.encode(77);
    expect(bytes.length).toBe(batch.size);
    const [decoded] = decodeRecordBatches(bytes);
    expect(decoded!.baseOffset).toBe(77);
    expect(decoded!.records.map((record) => decodeConsumerOffsetsKey(record.key!))).toEqual([
      { version: 1, group: 'zahlungs-dienst-ü', topic: 'payment-process', partition: 2 },
      { version: 1, group: 'zahlungs-dienst-ü', topic: 'saga-response', partition: 0 },
    ]);
    expect(decodeOffsetCommitValue(decoded!.records[0]!.value!).offset).toBe(2 ** 40);
    expect(decoded!.records[1]!.value).toBeNull();
  });
});
