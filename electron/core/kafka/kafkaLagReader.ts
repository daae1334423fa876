import { AssignerProtocol } from 'kafkajs';
import type { IpcError } from '../../../shared/ipc/result';
import { compareText } from '../../../shared/compareText';
import type { PartitionInput } from '../../../shared/kafka/groupLag';
import type { GroupLagDetails, PartitionOwner } from '../../../shared/kafka/kafkaModel';
import { ConsoleError } from '../ipc/consoleError';
import type { GroupDescriptions } from './groupDescriptions';
import { groupFailure } from './groupFailure';
import type { DescribedGroup, GroupCommitted, KafkaBatchRequests } from './kafkaBatchRequests';
import { describeKafkaFailure, isRefusal, KafkaRequestFailure } from './kafkaFailure';
import { isLeaderMoved, kafkaErrorCode, kafkaProtocolError } from './kafkajsWire';

const topicAuthorizationFailed = 29;

/**
 * One look at a Kafka cluster: every consumer group with its state, members and committed
 * offsets, and the end offsets of every partition those groups read, asked at Kafka's floor
 * through `KafkaBatchRequests` (one ListOffsets per broker, OffsetFetch batched, coordinators
 * cached, DescribeGroups only for groups whose membership may have changed). Committed
 * offsets are read before end offsets, so a partition's end is never older than its commit
 * and lag is never made negative by the order of the reads.
 *
 * What the reader cannot vouch for it says so rather than reading it as zero. Each group's
 * committed offsets are asked for all at once; topics the members are assigned, the config
 * names or earlier commits showed that this answer did not cover are asked for again by
 * name, since some brokers answer "all of this group's offsets" with nothing at all; a group
 * whose offsets no request could read is reported with the reason. On a cluster whose ACLs
 * (or a proxy) refuse ListGroups or DescribeGroups, the groups named in the config are still
 * read from OffsetFetch and ListOffsets alone, their members unknown.
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

export interface PartitionEnd {
  partition: number;
  /** The log end offset (next offset to be written). */
  end: number;
}

export interface LagReading {
  observedAt: number;
  groups: GroupReading[];
  /** topic → its partitions' end offsets, or null when the topic could not be read (deleted meanwhile, or refused). */
  topics: Map<string, PartitionEnd[] | null>;
  /** Requests the cluster refused while the reading went on without them. */
  warnings: IpcError[];
  /** End offsets of the `alsoRead` topics; a topic that could not be read is absent. */
  alsoRead: Map<string, PartitionEnd[]>;
}

export interface LagReaderOptions {
  now: () => number;
  /** How failures name the cluster: "the Kafka cluster orders (b-1:9092)". */
  where: string;
  /** Descriptions kept from earlier readings of the same cluster. */
  descriptions: GroupDescriptions;
  /** Groups not to report: the console's own tails. Named groups are always reported. */
  ignoreGroup?: (groupId: string) => boolean;
  /** Groups read whether or not the broker lists them, each with the topics configured for it. */
  namedGroups?: ReadonlyMap<string, readonly string[]>;
  /** Topics a group was seen reading before, asked about again in case the broker lists none. */
  knownTopics?: (groupId: string) => readonly string[];
  /** Topics whose end offsets are read in the same requests, for other uses: no group's lag, no warning. */
  alsoRead?: readonly string[];
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

export async function readLag(requests: KafkaBatchRequests, options: LagReaderOptions): Promise<LagReading> {
  const warnings: IpcError[] = [];
  const named = options.namedGroups ?? new Map<string, readonly string[]>();
  const listed = await listConsumerGroups(requests, options, warnings);
  const groupIds = [...new Set([...listed.keys(), ...named.keys()])].sort(compareText);
  options.signal?.throwIfAborted();

  const notDescribed = await describeDueGroups(requests, groupIds, listed, options);
  options.signal?.throwIfAborted();

  const readings = groupIds.map((groupId): GroupReading => {
    const described = options.descriptions.get(groupId);
    const members = described && 'description' in described ? describeMembers(described.description) : [];
    const describedState = described && 'description' in described ? described.description.state : 'Unknown';
    return {
      groupId,
      // The listed state is the broker's word now; a description may be a few refreshes old.
      state: listed.get(groupId) ?? describedState,
      members,
      membersUnknown: described
        ? 'refused' in described
          ? described.refused
          : null
        : (notDescribed.get(groupId) ?? null),
      committed: new Map(),
      lagUnknown: null,
      topics: [],
    };
  });
  const candidatesOf = new Map(
    readings.map((group) => {
      const assigned = group.members.flatMap((member) => member.assignments.map((a) => a.topic));
      const known = options.knownTopics?.(group.groupId) ?? [];
      return [group.groupId, [...new Set([...assigned, ...(named.get(group.groupId) ?? []), ...known])]];
    }),
  );
  await readCommitted(requests, readings, candidatesOf, warnings);
  for (const group of readings) {
    const candidates = candidatesOf.get(group.groupId) ?? [];
    group.topics = [...new Set([...group.committed.keys(), ...candidates])].sort(compareText);
    if (!group.lagUnknown && group.committed.size === 0 && candidates.length === 0) {
      group.lagUnknown = {
        code: 'NOT_FOUND',
        message:
          'the broker listed no committed offsets for the group, and nothing names its topics to ask about (no member is assigned any, none are configured)',
      };
    }
  }
  options.signal?.throwIfAborted();

  const topicNames = [...new Set(readings.flatMap((g) => g.topics))].sort(compareText);
  const alsoReadTopics = (options.alsoRead ?? []).filter((topic) => !topicNames.includes(topic));
  const { ends: topics, refused } = await readEndOffsets(requests, [...topicNames, ...alsoReadTopics]);
  const alsoRead = new Map<string, PartitionEnd[]>();
  for (const topic of alsoReadTopics) {
    const ends = topics.get(topic);
    if (ends) alsoRead.set(topic, ends);
    topics.delete(topic);
    refused.delete(topic);
  }
  for (const [topic, refusal] of refused) {
    warnings.push({ ...refusal, message: `${refusal.message} for topic ${topic}` });
  }
  for (const group of readings) {
    // Every topic's end refused: no lag to tell, for the reason the broker gave.
    const firstRefusal = group.topics.length > 0 ? refused.get(group.topics[0]!) : undefined;
    if (!group.lagUnknown && firstRefusal && group.topics.every((topic) => refused.has(topic))) {
      group.lagUnknown = firstRefusal;
    }
  }
  return { observedAt: options.now(), groups: readings, topics, warnings: dedupe(warnings), alsoRead };
}

/**
 * The consumer groups the broker lists, with their state where the broker tells it; none
 * when it refuses and groups are named, so those are read alone.
 */
async function listConsumerGroups(
  requests: KafkaBatchRequests,
  options: LagReaderOptions,
  warnings: IpcError[],
): Promise<Map<string, string | null>> {
  try {
    const groups = await requests.listGroups();
    return new Map(
      groups
        .filter((g) => isConsumerGroup(g.protocolType) && !options.ignoreGroup?.(g.groupId))
        .map((g) => [g.groupId, g.state]),
    );
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
    return new Map();
  }
}

/**
 * DescribeGroups for the groups whose membership may have changed, one request per
 * coordinator. A group the broker refuses (ACLs are per group) is read without its members;
 * so is every group when the broker refuses the API. A group answered with another error of
 * its own (its coordinator moved or is loading it) keeps the description it had, and is
 * described again next refresh; one never described is returned with that error, its
 * members unknown meanwhile.
 */
async function describeDueGroups(
  requests: KafkaBatchRequests,
  groupIds: readonly string[],
  listed: ReadonlyMap<string, string | null>,
  options: LagReaderOptions,
): Promise<Map<string, IpcError>> {
  const { descriptions } = options;
  const notDescribed = new Map<string, IpcError>();
  descriptions.retain(new Set(groupIds));
  const now = options.now();
  const due = groupIds.filter((groupId) => descriptions.due(groupId, listed.get(groupId) ?? null, now));
  if (due.length === 0) return notDescribed;
  try {
    for (const description of await requests.describeGroups(due)) {
      const listedState = listed.get(description.groupId) ?? null;
      if (description.errorCode === 0) {
        descriptions.store(description.groupId, { description }, listedState, now);
        continue;
      }
      const failure = groupFailure(groupWhere, description.api, description.errorCode);
      if (isRefusal(failure)) descriptions.store(description.groupId, { refused: failure }, listedState, now);
      else notDescribed.set(description.groupId, failure);
    }
  } catch (error) {
    const refused = describeKafkaFailure(groupWhere, error);
    if (!isRefusal(refused)) throw error;
    for (const groupId of due) descriptions.store(groupId, { refused }, listed.get(groupId) ?? null, now);
  }
  return notDescribed;
}

/**
 * Every group's committed offsets: all it has, batched; then, for the candidate topics that
 * answer did not cover, those topics by name, since a broker may list nothing for "all".
 * A topic deleted meanwhile is left out; one the console may not see is a warning, and the
 * group's other topics still count.
 */
async function readCommitted(
  requests: KafkaBatchRequests,
  groups: readonly GroupReading[],
  candidatesOf: ReadonlyMap<string, readonly string[]>,
  warnings: IpcError[],
): Promise<void> {
  const byId = new Map(groups.map((group) => [group.groupId, group]));
  const answered = new Map<string, Set<string>>();
  const take = (answers: ReadonlyMap<string, GroupCommitted>) => {
    for (const [groupId, answer] of answers) {
      const group = byId.get(groupId);
      if (!group || group.lagUnknown) continue;
      if (answer.errorCode !== 0) {
        group.lagUnknown = groupFailure(groupWhere, answer.api, answer.errorCode);
        continue;
      }
      const topicsAnswered = answered.get(groupId) ?? new Set<string>();
      answered.set(groupId, topicsAnswered);
      for (const { topic, partitions } of answer.topics) {
        const refusal = partitions.find((p) => p.errorCode === topicAuthorizationFailed);
        if (refusal) {
          const refused = describeKafkaFailure(
            groupWhere,
            new KafkaRequestFailure('OffsetFetch', kafkaProtocolError(refusal.errorCode)),
          );
          warnings.push({ ...refused, message: `${refused.message} for topic ${topic}` });
          continue;
        }
        topicsAnswered.add(topic);
        for (const { partition, offset, errorCode } of partitions) {
          // Kafka answers -1 for a partition without a commit; that is "no commit", not offset -1.
          if (errorCode !== 0 || !Number.isSafeInteger(offset) || offset < 0) continue;
          let perPartition = group.committed.get(topic);
          if (!perPartition) group.committed.set(topic, (perPartition = new Map<number, number>()));
          perPartition.set(partition, offset);
        }
      }
    }
  };

  take(await requests.fetchCommitted(groups.map((group) => ({ groupId: group.groupId, topics: null }))));
  const unanswered = new Map<string, string[]>();
  for (const group of groups) {
    if (group.lagUnknown) continue;
    const asked = answered.get(group.groupId) ?? new Set<string>();
    const missing = (candidatesOf.get(group.groupId) ?? []).filter((topic) => !asked.has(topic));
    if (missing.length > 0) unanswered.set(group.groupId, missing);
  }
  if (unanswered.size === 0) return;
  const leaders = await requests.topicLeaders(
    [...new Set([...unanswered.values()].flat())].sort(compareText),
  );
  const queries = [...unanswered].flatMap(([groupId, topics]) => {
    const named = topics.flatMap((topic) => {
      const partitions = leaders.get(topic)?.partitions;
      return partitions ? [{ topic, partitions: [...partitions.keys()].sort((a, b) => a - b) }] : [];
    });
    return named.length > 0 ? [{ groupId, topics: named }] : [];
  });
  if (queries.length > 0) take(await requests.fetchCommitted(queries));
}

/**
 * End offsets of the topics' partitions, one ListOffsets per leader. A topic deleted
 * meanwhile reads as null; so does one whose offsets the broker refuses, with the refusal.
 * Partitions whose leader moved are asked again once at the new leader.
 */
async function readEndOffsets(
  requests: KafkaBatchRequests,
  topics: readonly string[],
): Promise<{ ends: Map<string, PartitionEnd[] | null>; refused: Map<string, IpcError> }> {
  const refused = new Map<string, IpcError>();
  const ends = new Map<string, PartitionEnd[] | null>(topics.map((topic) => [topic, []]));
  const refuse = (topic: string, code: number | Error) => {
    const error = typeof code === 'number' ? kafkaProtocolError(code) : code;
    const described = describeKafkaFailure(groupWhere, new KafkaRequestFailure('ListOffsets', error));
    if (!isRefusal(described)) throw new KafkaRequestFailure('ListOffsets', error);
    refused.set(topic, described);
    ends.set(topic, null);
  };
  let pending = topics;
  for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
    const leaders = await requests.topicLeaders(pending);
    const asked = new Map<string, Map<number, number>>();
    for (const [topic, { partitions, error }] of leaders) {
      if (error) refuse(topic, error);
      else if (!partitions) ends.set(topic, null);
      else asked.set(topic, partitions);
    }
    const moved = new Set<string>();
    for (const answer of await requests.latestOffsets(asked)) {
      if (ends.get(answer.topic) === null) continue;
      if (answer.errorCode === 0) {
        ends.get(answer.topic)!.push({ partition: answer.partition, end: answer.offset });
      } else if (isLeaderMoved(answer.errorCode) && attempt === 0) {
        moved.add(answer.topic);
      } else if (answer.errorCode === kafkaErrorCode.unknownTopicOrPartition) {
        ends.set(answer.topic, null);
      } else {
        refuse(answer.topic, answer.errorCode);
      }
    }
    requests.forgetLeaders(moved);
    for (const topic of moved) ends.set(topic, []);
    pending = [...moved];
  }
  for (const [topic, partitions] of ends)
    ends.set(topic, partitions?.sort((a, b) => a.partition - b.partition) ?? null);
  return { ends, refused };
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

function describeMembers(description: DescribedGroup): GroupMember[] {
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
