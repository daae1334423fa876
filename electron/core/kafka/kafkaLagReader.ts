import { AssignerProtocol, type Admin, type GroupDescription } from 'kafkajs';
import type { IpcError } from '../../../shared/ipc/result';
import { compareText } from '../../../shared/compareText';
import type { PartitionInput } from '../../../shared/kafka/groupLag';
import type { GroupLagDetails, PartitionOwner, TopicInfo } from '../../../shared/kafka/kafkaModel';
import { ConsoleError } from '../ipc/consoleError';
import { describeKafkaFailure, isRefusal, kafkaRequest } from './kafkaFailure';

/**
 * One look at a Kafka cluster through kafkajs' admin client: every consumer group with its
 * state, members and committed offsets, and the end offsets of every partition those groups
 * read. Committed offsets are read before end offsets, so a partition's end is never older
 * than its commit and lag is never made negative by the order of the reads.
 *
 * What the reader cannot vouch for it says so rather than reading it as zero. Committed
 * offsets are asked for per topic, the topics coming from the members' assignments, the
 * config and earlier commits, since some brokers answer "all of this group's offsets" with
 * nothing at all; a group whose offsets no request could read is reported with the reason.
 * On a cluster whose ACLs (or a proxy) refuse ListGroups or DescribeGroups, the groups named
 * in the config are still read from OffsetFetch and ListOffsets alone, their members unknown.
 */

export type GroupMember = GroupLagDetails['members'][number];

export interface GroupReading {
  groupId: string;
  /** Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead; Unknown when not described. */
  state: string;
  members: GroupMember[];
  /** Why the members are not known (DescribeGroups refused); null when they are. */
  membersUnknown: IpcError | null;
  /** topic → partition → committed offset; partitions the group never committed on are absent. */
  committed: Map<string, Map<number, number>>;
  /** Why the group's lag cannot be told (offsets refused or not listed); null when it can. */
  lagUnknown: IpcError | null;
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
  /** topic → its partitions' offsets, or null when the topic could not be read (deleted meanwhile, or refused). */
  topics: Map<string, PartitionOffsets[] | null>;
  /** Requests the cluster refused while the reading went on without them. */
  warnings: IpcError[];
}

export interface LagReaderOptions {
  now: () => number;
  /** How failures name the cluster: "the Kafka cluster orders (b-1:9092)". */
  where: string;
  /** Groups not to report: the console's own tails. Named groups are always reported. */
  ignoreGroup?: (groupId: string) => boolean;
  /** Groups read whether or not the broker lists them, each with the topics configured for it. */
  namedGroups?: ReadonlyMap<string, readonly string[]>;
  /** Topics a group was seen reading before, asked about again in case the broker lists none. */
  knownTopics?: (groupId: string) => readonly string[];
  signal?: AbortSignal;
}

/** How a group's own problems are worded: the cluster is already named above its groups. */
const groupWhere = 'the broker';

/**
 * Kafka's "consumer" protocol, and groups with none: those that only commit offsets
 * (manual assignment, offsets reset by a tool) are consumers all the same. Connect workers
 * and other protocols are not.
 */
function isConsumerGroup(protocolType: string): boolean {
  return protocolType === 'consumer' || protocolType === '';
}

export async function readLag(admin: Admin, options: LagReaderOptions): Promise<LagReading> {
  const warnings: IpcError[] = [];
  const named = options.namedGroups ?? new Map<string, readonly string[]>();
  const listed = await listConsumerGroups(admin, options, warnings);
  const groupIds = [...new Set([...listed, ...named.keys()])].sort(compareText);
  options.signal?.throwIfAborted();

  const descriptions = await describeGroups(admin, groupIds);
  options.signal?.throwIfAborted();

  const groups = await Promise.all(
    groupIds.map(async (groupId): Promise<GroupReading> => {
      const described = descriptions.get(groupId);
      const members = described && 'description' in described ? describeMembers(described.description) : [];
      const assigned = members.flatMap((member) => member.assignments.map((a) => a.topic));
      const candidates = [
        ...new Set([...assigned, ...(named.get(groupId) ?? []), ...(options.knownTopics?.(groupId) ?? [])]),
      ].sort(compareText);
      const { committed, lagUnknown } = await readCommitted(admin, groupId, candidates, warnings);
      const topics = new Set([...committed.keys(), ...candidates]);
      return {
        groupId,
        state: described && 'description' in described ? described.description.state : 'Unknown',
        members,
        membersUnknown: described && 'refused' in described ? described.refused : null,
        committed,
        lagUnknown,
        topics: [...topics].sort(compareText),
      };
    }),
  );
  options.signal?.throwIfAborted();

  const topicNames = [...new Set(groups.flatMap((g) => g.topics))].sort(compareText);
  const { offsets: topics, refused } = await readTopicOffsets(admin, topicNames);
  for (const [topic, refusal] of refused) {
    warnings.push({ ...refusal, message: `${refusal.message} for topic ${topic}` });
  }
  for (const group of groups) {
    // Every topic's end refused: no lag to tell, for the reason the broker gave.
    const firstRefusal = group.topics.length > 0 ? refused.get(group.topics[0]!) : undefined;
    if (!group.lagUnknown && firstRefusal && group.topics.every((topic) => refused.has(topic))) {
      group.lagUnknown = firstRefusal;
    }
  }
  return { observedAt: options.now(), groups, topics, warnings: dedupe(warnings) };
}

/** The consumer groups the broker lists; none when it refuses and groups are named, so those are read alone. */
async function listConsumerGroups(
  admin: Admin,
  options: LagReaderOptions,
  warnings: IpcError[],
): Promise<string[]> {
  try {
    const { groups } = await kafkaRequest('ListGroups', () => admin.listGroups());
    return groups
      .filter((g) => isConsumerGroup(g.protocolType) && !options.ignoreGroup?.(g.groupId))
      .map((g) => g.groupId);
  } catch (error) {
    const described = describeKafkaFailure(options.where, error);
    if (!isRefusal(described)) throw error;
    if (!options.namedGroups || options.namedGroups.size === 0) {
      throw new ConsoleError(
        described.code,
        `${described.message}. Name the groups to watch in the cluster's "groups" config (or with cli lag --group): they are read without ListGroups.`,
      );
    }
    warnings.push({ ...described, message: `${described.message}: only the named groups are read` });
    return [];
  }
}

type Described = { description: GroupDescription } | { refused: IpcError };

/**
 * DescribeGroups for all groups at once; when refused, group by group, since ACLs are per
 * group and some may be allowed. A group refused is read without its members.
 */
async function describeGroups(admin: Admin, groupIds: readonly string[]): Promise<Map<string, Described>> {
  const described = new Map<string, Described>();
  if (groupIds.length === 0) return described;
  try {
    const { groups } = await kafkaRequest('DescribeGroups', () => admin.describeGroups([...groupIds]));
    for (const description of groups) described.set(description.groupId, { description });
    return described;
  } catch (error) {
    const refused = describeKafkaFailure(groupWhere, error);
    if (!isRefusal(refused)) throw error;
    if (refused.code === 'KAFKA_API_UNSUPPORTED' || groupIds.length === 1) {
      for (const groupId of groupIds) described.set(groupId, { refused });
      return described;
    }
  }
  const oneByOne = await Promise.all(groupIds.map((groupId) => describeGroups(admin, [groupId])));
  for (const answer of oneByOne) for (const [groupId, value] of answer) described.set(groupId, value);
  return described;
}

/**
 * The group's committed offsets: all it has (OffsetFetch without topics), then, for the
 * candidate topics that answer did not cover, each topic on its own: a broker may list
 * nothing for "all", and a topic deleted meanwhile should not hide the others.
 */
async function readCommitted(
  admin: Admin,
  groupId: string,
  candidates: readonly string[],
  warnings: IpcError[],
): Promise<{ committed: Map<string, Map<number, number>>; lagUnknown: IpcError | null }> {
  const committed = new Map<string, Map<number, number>>();
  const answered = new Set<string>();
  const take = (response: Awaited<ReturnType<Admin['fetchOffsets']>>) => {
    for (const { topic, partitions } of response) {
      answered.add(topic);
      for (const { partition, offset } of partitions) {
        const value = Number(offset);
        // Kafka answers -1 for a partition without a commit; that is "no commit", not offset -1.
        if (!Number.isSafeInteger(value) || value < 0) continue;
        let perPartition = committed.get(topic);
        if (!perPartition) committed.set(topic, (perPartition = new Map<number, number>()));
        perPartition.set(partition, value);
      }
    }
  };

  try {
    take(await kafkaRequest('OffsetFetch', () => admin.fetchOffsets({ groupId })));
    const unanswered = candidates.filter((topic) => !answered.has(topic));
    const perTopic = await Promise.all(
      unanswered.map(async (topic) => {
        try {
          return await kafkaRequest('OffsetFetch', () => admin.fetchOffsets({ groupId, topics: [topic] }));
        } catch (error) {
          const type = errorType(error);
          if (type === 'UNKNOWN_TOPIC_OR_PARTITION') return [];
          if (type !== 'TOPIC_AUTHORIZATION_FAILED') throw error;
          // One topic the console may not see: the group's other topics still count.
          const refused = describeKafkaFailure(groupWhere, error);
          warnings.push({ ...refused, message: `${refused.message} for topic ${topic}` });
          return [];
        }
      }),
    );
    for (const response of perTopic) take(response);
  } catch (error) {
    const refused = describeKafkaFailure(groupWhere, error);
    if (!isRefusal(refused)) throw error;
    return { committed, lagUnknown: refused };
  }

  if (committed.size === 0 && candidates.length === 0) {
    return {
      committed,
      lagUnknown: {
        code: 'NOT_FOUND',
        message:
          'the broker listed no committed offsets for the group, and nothing names its topics to ask about (no member is assigned any, none are configured)',
      },
    };
  }
  return { committed, lagUnknown: null };
}

/**
 * End (and start) offsets per topic; the requests run side by side on the admin's
 * connections. A topic deleted meanwhile reads as null; so does one whose offsets the
 * broker refuses, with the refusal.
 */
export async function readTopicOffsets(
  admin: Admin,
  topics: readonly string[],
): Promise<{ offsets: Map<string, PartitionOffsets[] | null>; refused: Map<string, IpcError> }> {
  const refused = new Map<string, IpcError>();
  const results = await Promise.all(
    topics.map(async (topic) => {
      try {
        const offsets = await kafkaRequest('ListOffsets', () => admin.fetchTopicOffsets(topic));
        return offsets
          .map((o) => ({ partition: o.partition, start: Number(o.low), end: Number(o.high) }))
          .sort((a, b) => a.partition - b.partition);
      } catch (error) {
        // A topic deleted between the group listing and this read; the others still count.
        if (errorType(error) === 'UNKNOWN_TOPIC_OR_PARTITION') return null;
        const described = describeKafkaFailure(groupWhere, error);
        if (!isRefusal(described)) throw error;
        refused.set(topic, described);
        return null;
      }
    }),
  );
  return { offsets: new Map(topics.map((topic, index) => [topic, results[index]!])), refused };
}

/** kafkajs' protocol error type ("UNKNOWN_TOPIC_OR_PARTITION"), through the request wrapper. */
function errorType(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    current = current.cause;
  }
  return undefined;
}

function dedupe(errors: readonly IpcError[]): IpcError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code} ${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  const { offsets } = await readTopicOffsets(admin, names);
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
