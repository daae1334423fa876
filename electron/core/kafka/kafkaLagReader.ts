import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import { compareText } from '../../../shared/compareText';
import type { PartitionInput } from '../../../shared/kafka/groupLag';
import type { GroupLagDetails, PartitionOwner, TopicInfo } from '../../../shared/kafka/kafkaModel';

/**
 * One look at a Kafka cluster through kafkajs' admin client: every consumer group with its
 * state, members and committed offsets, and the end offsets of every partition those groups
 * read. Committed offsets are read before end offsets, so a partition's end is never older
 * than its commit and lag is never made negative by the order of the reads.
 */

export type GroupMember = GroupLagDetails['members'][number];

export interface GroupReading {
  groupId: string;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead. */
  state: string;
  members: GroupMember[];
  /** topic → partition → committed offset; partitions the group never committed on are absent. */
  committed: Map<string, Map<number, number>>;
  /** Topics the group commits on or is assigned, sorted. */
  topics: string[];
}

export interface PartitionOffsets {
  partition: number;
  /** The log start offset (oldest retained message). */
  start: number;
  /** The log end offset (next offset to be written). */
  end: number;
}

export interface LagReading {
  observedAt: number;
  groups: GroupReading[];
  /** topic → its partitions' offsets, or null when the topic could not be read (deleted meanwhile). */
  topics: Map<string, PartitionOffsets[] | null>;
}

export interface LagReaderOptions {
  now: () => number;
  /** Groups not to report: the console's own tails. */
  ignoreGroup?: (groupId: string) => boolean;
  signal?: AbortSignal;
}

/**
 * Kafka's "consumer" protocol, and groups with none: those that only commit offsets
 * (manual assignment, offsets reset by a tool) are consumers all the same. Connect workers
 * and other protocols are not.
 */
function isConsumerGroup(protocolType: string): boolean {
  return protocolType === 'consumer' || protocolType === '';
}

export async function readLag(admin: Admin, options: LagReaderOptions): Promise<LagReading> {
  const { groups: overview } = await admin.listGroups();
  const groupIds = overview
    .filter((g) => isConsumerGroup(g.protocolType) && !options.ignoreGroup?.(g.groupId))
    .map((g) => g.groupId)
    .sort(compareText);
  options.signal?.throwIfAborted();

  const [descriptions, committed] = await Promise.all([
    groupIds.length > 0 ? admin.describeGroups(groupIds) : Promise.resolve({ groups: [] }),
    Promise.all(groupIds.map((groupId) => readCommitted(admin, groupId))),
  ]);
  options.signal?.throwIfAborted();

  const byId = new Map(descriptions.groups.map((g) => [g.groupId, g]));
  const groups: GroupReading[] = groupIds.map((groupId, index) => {
    const description = byId.get(groupId);
    const members = description ? describeMembers(description) : [];
    const offsets = committed[index]!;
    const topics = new Set(offsets.keys());
    for (const member of members) for (const a of member.assignments) topics.add(a.topic);
    return {
      groupId,
      state: description?.state ?? 'Unknown',
      members,
      committed: offsets,
      topics: [...topics].sort(compareText),
    };
  });

  const topicNames = [...new Set(groups.flatMap((g) => g.topics))].sort(compareText);
  const topics = await readTopicOffsets(admin, topicNames);
  return { observedAt: options.now(), groups, topics };
}

/** One OffsetFetch for all of a group's topics (kafkajs sends a null topic list). */
async function readCommitted(admin: Admin, groupId: string): Promise<Map<string, Map<number, number>>> {
  const response = await admin.fetchOffsets({ groupId });
  const committed = new Map<string, Map<number, number>>();
  for (const { topic, partitions } of response) {
    for (const { partition, offset } of partitions) {
      const value = Number(offset);
      // Kafka answers -1 for a partition without a commit; that is "no commit", not offset -1.
      if (!Number.isSafeInteger(value) || value < 0) continue;
      let perPartition = committed.get(topic);
      if (!perPartition) committed.set(topic, (perPartition = new Map<number, number>()));
      perPartition.set(partition, value);
    }
  }
  return committed;
}

/** End (and start) offsets per topic; the requests run side by side on the admin's connections. */
export async function readTopicOffsets(
  admin: Admin,
  topics: readonly string[],
): Promise<Map<string, PartitionOffsets[] | null>> {
  const results = await Promise.all(
    topics.map(async (topic) => {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets
          .map((o) => ({ partition: o.partition, start: Number(o.low), end: Number(o.high) }))
          .sort((a, b) => a.partition - b.partition);
      } catch (error) {
        // A topic deleted between the group listing and this read; the others still count.
        if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return null;
        throw error;
      }
    }),
  );
  return new Map(topics.map((topic, index) => [topic, results[index]!]));
}

function describeMembers(description: GroupDescription): GroupMember[] {
  const consumerProtocol = isConsumerGroup(description.protocolType);
  return description.members
    .map((member) => ({
      memberId: member.memberId,
      clientId: member.clientId,
      host: member.clientHost,
      assignments: consumerProtocol ? decodeAssignment(member.memberAssignment) : [],
    }))
    .sort((a, b) => compareText(a.clientId, b.clientId) || compareText(a.memberId, b.memberId));
}

function decodeAssignment(buffer: Buffer): GroupMember['assignments'] {
  if (buffer.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => compareText(a.topic, b.topic));
  } catch {
    // A member of another client library with its own assignment format: show it without partitions.
    return [];
  }
}

/** Topics of the cluster with partition counts and retained messages; Kafka's internal topics are left out. */
export async function listTopicInfo(admin: Admin): Promise<TopicInfo[]> {
  const names = (await admin.listTopics()).filter((name) => !name.startsWith('__')).sort(compareText);
  const offsets = await readTopicOffsets(admin, names);
  return names.flatMap((name) => {
    const partitions = offsets.get(name);
    if (!partitions) return [];
    const messages = partitions.reduce((sum, p) => sum + Math.max(0, p.end - p.start), 0);
    return [{ name, partitions: partitions.length, messages }];
  });
}

/** Every partition of every topic the group reads, with its end offset, commit (or none) and owner. */
export function partitionInputs(group: GroupReading, reading: LagReading): PartitionInput[] {
  const owners = new Map<string, PartitionOwner>();
  for (const member of group.members) {
    for (const { topic, partitions } of member.assignments) {
      for (const partition of partitions) {
        owners.set(`${topic}/${partition}`, {
          memberId: member.memberId,
          clientId: member.clientId,
          host: member.host,
        });
      }
    }
  }
  const inputs: PartitionInput[] = [];
  for (const topic of group.topics) {
    const committed = group.committed.get(topic);
    const offsets = reading.topics.get(topic);
    const partitions = new Set<number>([
      ...(offsets ?? []).map((o) => o.partition),
      ...(committed?.keys() ?? []),
    ]);
    const ends = new Map((offsets ?? []).map((o) => [o.partition, o.end]));
    for (const partition of [...partitions].sort((a, b) => a - b)) {
      inputs.push({
        topic,
        partition,
        endOffset: ends.get(partition) ?? null,
        committedOffset: committed?.get(partition) ?? null,
        owner: owners.get(`${topic}/${partition}`) ?? null,
      });
    }
  }
  return inputs;
}
