import { describe, expect, it } from 'vitest';
import {
  encodeOffsetCommitKey,
  encodeOffsetCommitValue,
  WireWriter,
} from '../../testing/consumerOffsetsEncoding';
import { decodeConsumerOffsetsRecord } from './offsetCommitRecords';

const key = encodeOffsetCommitKey({ group: 'payment-service', topic: 'payment-process', partition: 2 });

describe('decodeConsumerOffsetsRecord', () => {
  it("reads a group's metadata record as a change of the group, whatever its value", () => {
    const groupKey = new WireWriter().int16(2).string('payment-service').toBuffer();
    expect(decodeConsumerOffsetsRecord(groupKey, Buffer.from([0, 3, 1, 2]))).toEqual({
      kind: 'group',
      group: 'payment-service',
    });
    expect(decodeConsumerOffsetsRecord(groupKey, null)).toEqual({ kind: 'group', group: 'payment-service' });
  });

  it('reads a commit as the coordinator writes it (key 1, value 3)', () => {
    const value = encodeOffsetCommitValue({
      offset: 1_774_094,
      leaderEpoch: 4,
      metadata: '',
      commitTimestamp: 1_760_000_000_123,
    });
    expect(decodeConsumerOffsetsRecord(key, value)).toEqual({
      kind: 'commit',
      group: 'payment-service',
      topic: 'payment-process',
      partition: 2,
      offset: 1_774_094,
      timestamp: 1_760_000_000_123,
    });
  });

  it.each([
    [
      '0: offset, metadata, timestamp',
      new WireWriter().int16(0).int64(42).string('m').int64(9000).toBuffer(),
    ],
    [
      '1: with the expiry after the commit time',
      new WireWriter().int16(1).int64(42).string('').int64(9000).int64(99_000).toBuffer(),
    ],
    [
      '2: offset, metadata, commit time',
      new WireWriter().int16(2).int64(42).string('x').int64(9000).toBuffer(),
    ],
    [
      '4: flexible, a compact metadata string and tagged fields',
      Buffer.concat([
        new WireWriter().int16(4).int64(42).int32(-1).toBuffer(),
        Buffer.from([3, 0x61, 0x62]),
        new WireWriter().int64(9000).toBuffer(),
        Buffer.from([0]),
      ]),
    ],
  ])('reads value version %s', (_, value) => {
    expect(decodeConsumerOffsetsRecord(key, value)).toMatchObject({
      kind: 'commit',
      offset: 42,
      timestamp: 9000,
    });
  });

  it('reads a key of version 0 like version 1', () => {
    const old = new WireWriter().int16(0).string('g').string('t').int32(7).toBuffer();
    const value = new WireWriter().int16(3).int64(5).int32(0).string('').int64(6).toBuffer();
    expect(decodeConsumerOffsetsRecord(old, value)).toMatchObject({ group: 'g', topic: 't', partition: 7 });
  });

  it('reads a null value as the offset deleted', () => {
    expect(decodeConsumerOffsetsRecord(key, null)).toEqual({
      kind: 'deleted',
      group: 'payment-service',
      topic: 'payment-process',
      partition: 2,
    });
  });

  it.each<[string, Buffer | null, Buffer | null]>([
    ['a newer record type', new WireWriter().int16(5).string('x').toBuffer(), Buffer.alloc(4)],
    ['a value of an unknown version', key, new WireWriter().int16(9).int64(1).toBuffer()],
    ['a cut-short value', key, new WireWriter().int16(3).int64(1).toBuffer()],
    ['no key', null, null],
  ])('skips %s', (_, recordKey, value) => {
    expect(decodeConsumerOffsetsRecord(recordKey, value)).toEqual({ kind: 'other' });
  });
});
