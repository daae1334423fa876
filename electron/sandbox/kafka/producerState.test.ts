import { describe, expect, it } from 'vitest';
import { ProducerStates } from './producerState';
import type { RecordBatchHeader } from './recordBatch';

const header = (producerEpoch: number, baseSequence: number, recordCount: number): RecordBatchHeader => ({
  baseOffset: 0,
  size: 61,
  partitionLeaderEpoch: 0,
  magic: 2,
  crc: 0,
  compression: 'none',
  timestampType: 'CreateTime',
  transactional: false,
  control: false,
  lastOffsetDelta: recordCount - 1,
  firstTimestamp: 0,
  maxTimestamp: 0,
  producerId: 4000,
  producerEpoch,
  baseSequence,
  recordCount,
});

describe('ProducerStates', () => {
  it('follows sequences past Integer.MAX_VALUE back to 0, as the Java producer counts them', () => {
    const states = new ProducerStates();
    states.record(header(0, 2147483645, 2), 10);
    expect(states.check(header(0, 2147483647, 2))).toEqual({ kind: 'append' });
    states.record(header(0, 2147483647, 2), 12);
    expect(states.check(header(0, 1, 1))).toEqual({ kind: 'append' });
    expect(states.check(header(0, 2147483647, 2))).toEqual({ kind: 'duplicate', baseOffset: 12 });
  });

  it('remembers the last five batches of a producer for retries, and no more', () => {
    const states = new ProducerStates();
    for (let batch = 0; batch < 6; batch++) states.record(header(0, batch, 1), batch);
    expect(states.check(header(0, 1, 1))).toEqual({ kind: 'duplicate', baseOffset: 1 });
    expect(states.check(header(0, 0, 1))).toEqual({ kind: 'refused', errorCode: 45 });
  });

  it('accepts any first sequence from a producer the partition has not seen', () => {
    expect(new ProducerStates().check(header(3, 117, 4))).toEqual({ kind: 'append' });
  });
});
