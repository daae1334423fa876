import { WireReader, WireWriter } from './wireBuffer';

/**
 * The "consumer" protocol type's payloads that JoinGroup and SyncGroup carry opaquely:
 * a member's subscription (its JoinGroup metadata) and its assignment (from the leader's
 * SyncGroup), plus the range and round-robin assignors a simulated leader runs.
 */

export type TopicPartitions = Map<string, number[]>;

export function encodeSubscription(topics: readonly string[]): Buffer {
  const writer = new WireWriter(64).int16(0).int32(topics.length);
  for (const topic of topics) writer.string(topic);
  return writer.nullableBytes(null).toBuffer();
}

/** The topics of any subscription version (later versions add fields after them). */
export function decodeSubscriptionTopics(metadata: Buffer): string[] {
  const reader = new WireReader(metadata);
  reader.int16();
  const count = reader.arrayLength();
  const topics: string[] = [];
  for (let i = 0; i < count; i++) topics.push(reader.string());
  return topics;
}

export function encodeAssignment(assignment: TopicPartitions): Buffer {
  const writer = new WireWriter(64).int16(0).int32(assignment.size);
  for (const [topic, partitions] of assignment) {
    writer.string(topic).int32(partitions.length);
    for (const partition of partitions) writer.int32(partition);
  }
  return writer.nullableBytes(null).toBuffer();
}

export function decodeAssignment(bytes: Buffer): TopicPartitions {
  const assignment: TopicPartitions = new Map();
  if (bytes.length === 0) return assignment;
  const reader = new WireReader(bytes);
  reader.int16();
  const topicCount = reader.arrayLength();
  for (let i = 0; i < topicCount; i++) {
    const topic = reader.string();
    const partitionCount = reader.arrayLength();
    const partitions: number[] = [];
    for (let p = 0; p < partitionCount; p++) partitions.push(reader.int32());
    assignment.set(topic, partitions);
  }
  return assignment;
}

export interface AssignorMember {
  memberId: string;
  topics: readonly string[];
}

/** Assignor names a simulated member offers, most preferred first; kafkajs calls its round robin "RoundRobinAssigner". */
export const simulatedAssignors = ['range', 'roundrobin', 'RoundRobinAssigner'] as const;

/**
 * Assigns every partition of the subscribed topics to exactly one subscribed member with
 * the named strategy. `partitionCount` says how many partitions a topic has (0: unknown).
 */
export function assignPartitions(
  strategy: string,
  members: readonly AssignorMember[],
  partitionCount: (topic: string) => number,
): Map<string, TopicPartitions> {
  const sorted = [...members].sort((a, b) =>
    a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0,
  );
  const result = new Map<string, TopicPartitions>(sorted.map((member) => [member.memberId, new Map()]));
  const give = (memberId: string, topic: string, partition: number): void => {
    const assignment = result.get(memberId)!;
    const partitions = assignment.get(topic) ?? [];
    partitions.push(partition);
    assignment.set(topic, partitions);
  };
  const topics = [...new Set(sorted.flatMap((member) => member.topics))].sort();
  if (strategy === 'range') {
    for (const topic of topics) {
      const subscribers = sorted.filter((member) => member.topics.includes(topic));
      const count = partitionCount(topic);
      const share = Math.floor(count / subscribers.length);
      const extra = count % subscribers.length;
      let next = 0;
      subscribers.forEach((member, index) => {
        const take = share + (index < extra ? 1 : 0);
        for (let i = 0; i < take; i++) give(member.memberId, topic, next++);
      });
    }
    return result;
  }
  let cursor = 0;
  for (const topic of topics) {
    for (let partition = 0; partition < partitionCount(topic); partition++) {
      for (let tries = 0; tries < sorted.length; tries++) {
        const member = sorted[cursor % sorted.length]!;
        cursor++;
        if (member.topics.includes(topic)) {
          give(member.memberId, topic, partition);
          break;
        }
      }
    }
  }
  return result;
}
