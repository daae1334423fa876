import { describe, expect, it } from 'vitest';
import type { PartitionLag } from '../../../shared/kafka/kafkaModel';
import { describePartitionList, sortPartitions, summarizeTopics } from './groupPartitions';

function partition(topic: string, number: number, overrides: Partial<PartitionLag> = {}): PartitionLag {
  return {
    topic,
    partition: number,
    endOffset: 100,
    committedOffset: 90,
    lag: 10,
    burrowStatus: 'OK',
    complete: 1,
    judged: true,
    owner: null,
    findings: [],
    ...overrides,
  };
}

describe('group partitions', () => {
  it('orders partitions by topic, then number', () => {
    const sorted = sortPartitions([
      partition('b', 1),
      partition('a', 10),
      partition('a', 2),
      partition('b', 0),
    ]);
    expect(sorted.map((entry) => `${entry.topic}/${entry.partition}`)).toEqual(['a/2', 'a/10', 'b/0', 'b/1']);
  });

  it("sums lag per topic, counts partitions without a commit, keeps Burrow's worst status and the findings", () => {
    const topics = summarizeTopics(
      ['payments', 'refunds'],
      [
        partition('payments', 0, { lag: 5 }),
        partition('payments', 1, { lag: null, committedOffset: null, burrowStatus: 'WARN' }),
        partition('payments', 2, { lag: 7, burrowStatus: 'STALL', findings: ['lag-rising-while-still'] }),
        partition('payments', 3, { lag: 2, burrowStatus: 'STOP', findings: ['no-consumer-assigned'] }),
        partition('audit', 0, { lag: 1 }),
      ],
    );
    expect(topics).toEqual([
      { topic: 'audit', partitions: 1, lag: 1, withoutCommit: 0, worst: 'OK', findings: [] },
      {
        topic: 'payments',
        partitions: 4,
        lag: 14,
        withoutCommit: 1,
        worst: 'STALL',
        findings: ['lag-rising-while-still', 'no-consumer-assigned'],
      },
      { topic: 'refunds', partitions: 0, lag: 0, withoutCommit: 0, worst: 'OK', findings: [] },
    ]);
  });

  it('writes a member’s partitions the short way', () => {
    expect(describePartitionList([0, 1, 2, 5, 7, 8])).toBe('0–2, 5, 7, 8');
    expect(describePartitionList([3])).toBe('3');
    expect(describePartitionList([])).toBe('');
  });
});
