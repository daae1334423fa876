import type { Kafka } from 'kafkajs';
import {
  findCoordinatorV4,
  listGroupsV4,
  offsetFetchV8,
  type GroupOffsetsAnswer,
  type OffsetFetchQuery,
} from './kafkaFlexibleRequests';
import { kafkaRequest } from './kafkaFailure';
import { fetchOneGroup } from './olderOffsetFetch';
import {
  apiKey,
  brokerMaxVersion,
  isCoordinatorGone,
  kafkaErrorCode as errorCode,
  refusesVersion,
  createKafkajsCluster,
  kafkaProtocolError,
  sendKafkajsRequest,
  sendRequest,
  type KafkajsBroker,
  type KafkajsCluster,
} from './kafkajsWire';

/**
 * The lag reader's requests at Kafka's floor, which kafkajs' admin API cannot batch: its
 * fetchOffsets asks one group a request and finds the group's coordinator again each time,
 * and its fetchTopicOffsets asks one topic a request, twice (earliest and latest). Here,
 * over the same kafkajs connections (so TLS, SASL/SCRAM and MSK IAM work as for the admin):
 * - ListOffsets: one request per broker with every partition it leads, latest offsets only
 *   (lag needs the end; the log start is read only for the topic list);
 * - OffsetFetch: v8 with many groups a request where the coordinator serves it, else one
 *   group a request at the best version kafkajs knows;
 * - FindCoordinator: once per group, then cached until the broker says NOT_COORDINATOR or
 *   COORDINATOR_NOT_AVAILABLE; v4 finds many groups a request where the broker serves it;
 *
 * Errors inside a batched answer belong to their group alone: a group whose coordinator
 * cannot be found, or whose offsets its coordinator will not give, is answered with its
 * error while the other groups are read, and is asked again at the next refresh.
 * - ListGroups: v4 where served, which tells each group's state, so DescribeGroups can be
 *   kept for the groups whose state changed;
 * - Metadata (partition leaders): only for topics not seen before or when a leader moved,
 *   and every few minutes.
 */

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  /** Kafka's group state, from ListGroups v4; null from older brokers. */
  state: string | null;
}

export interface DescribedGroup {
  groupId: string;
  errorCode: number;
  /** FindCoordinator when the group's coordinator could not be found, so it was not described. */
  api: 'DescribeGroups' | 'FindCoordinator';
  state: string;
  protocolType: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }>;
}

export interface TopicLeaders {
  /** Partition → its leader's node id; null when the topic does not exist. */
  partitions: Map<number, number> | null;
  /** A topic-level error other than "unknown" (e.g. TOPIC_AUTHORIZATION_FAILED). */
  error: Error | null;
}

/** A group's committed offsets, or the error of the request that could not give them. */
export interface GroupCommitted extends GroupOffsetsAnswer {
  /** FindCoordinator when the group's coordinator could not be found, so its offsets were not asked. */
  api: 'OffsetFetch' | 'FindCoordinator';
}

interface ByCoordinator {
  byNode: Map<number, string[]>;
  /** Groups whose coordinator could not be found this time, with the error the broker gave. */
  unfound: Map<string, number>;
}

/** Groups per OffsetFetch v8 and DescribeGroups request, keys per FindCoordinator v4 request. */
export const groupsPerRequest = 500;
const metadataMaxAgeMs = 5 * 60_000;

export class KafkaBatchRequests {
  private readonly cluster: KafkajsCluster;
  private connected = false;
  private readonly coordinators = new Map<string, number>();
  private readonly leaders = new Map<string, TopicLeaders>();
  private leadersReadAt = Number.NEGATIVE_INFINITY;
  /** `nodeId/apiKey` of the batched versions a broker refused. */
  private readonly refusedBatched = new Set<string>();

  constructor(
    kafka: Kafka,
    private readonly now: () => number,
  ) {
    this.cluster = createKafkajsCluster(kafka);
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.cluster.connect();
    // The brokers are known from metadata; the seed broker alone is all a fresh connection has.
    await this.cluster.refreshMetadata();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.coordinators.clear();
    this.leaders.clear();
    await this.cluster.disconnect();
  }

  /** Every group every broker lists, with its state where the broker tells it. */
  async listGroups(): Promise<ListedGroup[]> {
    const perBroker = await Promise.all(
      this.nodeIds().map((nodeId) =>
        kafkaRequest('ListGroups', async () => {
          const broker = await this.cluster.findBroker({ nodeId });
          const answer = await this.batchedOrOlder(
            broker,
            apiKey.listGroups,
            4,
            () => sendRequest<{ errorCode: number; groups: ListedGroup[] }>(broker, listGroupsV4()),
            () =>
              sendKafkajsRequest<{ errorCode: number; groups: ListedGroup[] }>(
                broker,
                apiKey.listGroups,
                'ListGroups',
                {},
              ),
          );
          if (answer.errorCode !== errorCode.none) throw kafkaProtocolError(answer.errorCode);
          return answer.groups.map((group) => ({ ...group, state: group.state ?? null }));
        }),
      ),
    );
    return perBroker.flat();
  }

  /** The groups described by their coordinators, one request per coordinator; errors per group. */
  async describeGroups(groupIds: readonly string[]): Promise<DescribedGroup[]> {
    const { byNode, unfound } = await this.byCoordinator(groupIds);
    const notAsked = [...unfound].map(([groupId, code]): DescribedGroup => ({
      groupId,
      errorCode: code,
      api: 'FindCoordinator',
      state: '',
      protocolType: '',
      members: [],
    }));
    // In batches: one answer describing every member of twenty thousand groups outlasts any request timeout.
    const batches = [...byNode].flatMap(([nodeId, ids]) =>
      chunks(ids, groupsPerRequest).map((batch): [number, string[]] => [nodeId, batch]),
    );
    const answers = await Promise.all(
      batches.map(([nodeId, ids]) =>
        kafkaRequest('DescribeGroups', async () => {
          const broker = await this.cluster.findBroker({ nodeId });
          const { groups } = await sendKafkajsRequest<{ groups: Array<Omit<DescribedGroup, 'api'>> }>(
            broker,
            apiKey.describeGroups,
            'DescribeGroups',
            { groupIds: ids },
          );
          for (const group of groups)
            if (isCoordinatorGone(group.errorCode)) this.forgetCoordinator(group.groupId);
          return groups.map((group): DescribedGroup => ({ ...group, api: 'DescribeGroups' }));
        }),
      ),
    );
    return [...answers.flat(), ...notAsked];
  }

  /**
   * Committed offsets of many groups: batched per coordinator with OffsetFetch v8 where it
   * serves it, else one request per group. A group whose coordinator moved (NOT_COORDINATOR,
   * COORDINATOR_NOT_AVAILABLE) is asked again once, alone, at the coordinator found anew; one
   * whose coordinator is still loading it, or that fails again, is answered with its error.
   */
  async fetchCommitted(queries: readonly OffsetFetchQuery[]): Promise<Map<string, GroupCommitted>> {
    const answers = new Map<string, GroupCommitted>();
    let pending = queries;
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      const { byNode, unfound } = await this.byCoordinator(pending.map((query) => query.groupId));
      for (const [groupId, code] of unfound)
        answers.set(groupId, { groupId, errorCode: code, topics: [], api: 'FindCoordinator' });
      const queryOf = new Map(pending.map((query) => [query.groupId, query]));
      const results = await Promise.all(
        [...byNode].map(([nodeId, ids]) =>
          this.fetchFrom(
            nodeId,
            ids.map((id) => queryOf.get(id)!),
          ),
        ),
      );
      const moved: OffsetFetchQuery[] = [];
      for (const answer of results.flat()) {
        // A coordinator still loading the group is the right one: the group is asked there next refresh.
        const gone = isCoordinatorGone(answer.errorCode);
        if (gone) this.forgetCoordinator(answer.groupId);
        if (gone && attempt === 0) moved.push(queryOf.get(answer.groupId)!);
        else answers.set(answer.groupId, { ...answer, api: 'OffsetFetch' });
      }
      pending = moved;
    }
    return answers;
  }

  /** Partition leaders of the topics, from metadata read when a topic is new, a leader moved, or it is old. */
  async topicLeaders(topics: readonly string[]): Promise<Map<string, TopicLeaders>> {
    const stale = this.now() - this.leadersReadAt > metadataMaxAgeMs;
    const missing = stale
      ? [...new Set([...topics, ...this.leaders.keys()])]
      : topics.filter((t) => !this.leaders.has(t));
    if (missing.length > 0) await this.readMetadata(missing);
    return new Map(topics.map((topic) => [topic, this.leaders.get(topic)!]));
  }

  /** Leaders are read again for these topics next time (a partition answered NOT_LEADER or UNKNOWN). */
  forgetLeaders(topics: Iterable<string>): void {
    for (const topic of topics) this.leaders.delete(topic);
  }

  /**
   * Latest offsets of the partitions, one ListOffsets per leader; each partition's error code
   * as the broker gave it.
   */
  async latestOffsets(
    partitions: ReadonlyMap<string, ReadonlyMap<number, number>>,
  ): Promise<Array<{ topic: string; partition: number; offset: number; errorCode: number }>> {
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const [topic, leaders] of partitions) {
      for (const [partition, leader] of leaders) {
        let topicsOfLeader = byLeader.get(leader);
        if (!topicsOfLeader) byLeader.set(leader, (topicsOfLeader = new Map<string, number[]>()));
        topicsOfLeader.set(topic, [...(topicsOfLeader.get(topic) ?? []), partition]);
      }
    }
    const answers = await Promise.all(
      [...byLeader].map(([nodeId, topics]) =>
        kafkaRequest('ListOffsets', async () => {
          const broker = await this.cluster.findBroker({ nodeId });
          const { responses } = await sendKafkajsRequest<{
            responses: Array<{
              topic: string;
              partitions: Array<{
                partition: number;
                errorCode: number;
                offset?: string;
                offsets?: string[];
              }>;
            }>;
          }>(broker, apiKey.listOffsets, 'ListOffsets', {
            replicaId: -1,
            // The last stable offset, as kafkajs' admin reads it: open transactions are not lag yet.
            isolationLevel: 1,
            topics: [...topics].map(([topic, ids]) => ({
              topic,
              partitions: ids.map((partition) => ({ partition, timestamp: -1 })),
            })),
          });
          return responses.flatMap(({ topic, partitions: answered }) =>
            answered.map((p) => ({
              topic,
              partition: p.partition,
              offset: Number(p.offset ?? p.offsets?.[0] ?? -1),
              errorCode: p.errorCode,
            })),
          );
        }),
      ),
    );
    return answers.flat();
  }

  private async fetchFrom(
    nodeId: number,
    queries: readonly OffsetFetchQuery[],
  ): Promise<GroupOffsetsAnswer[]> {
    return kafkaRequest('OffsetFetch', async () => {
      const broker = await this.cluster.findBroker({ nodeId });
      return this.batchedOrOlder(
        broker,
        apiKey.offsetFetch,
        8,
        async () => {
          const batches = chunks(queries, groupsPerRequest);
          const answers = await Promise.all(
            batches.map((batch) => sendRequest<GroupOffsetsAnswer[]>(broker, offsetFetchV8(batch))),
          );
          return answers.flat();
        },
        () => Promise.all(queries.map((query) => fetchOneGroup(broker, query))),
      );
    });
  }

  /** The groups by the node id of their coordinator, found for those not known yet. */
  private async byCoordinator(groupIds: readonly string[]): Promise<ByCoordinator> {
    const unknown = groupIds.filter((groupId) => !this.coordinators.has(groupId));
    const unfound = unknown.length > 0 ? await this.findCoordinators(unknown) : new Map<string, number>();
    const byNode = new Map<number, string[]>();
    for (const groupId of groupIds) {
      const nodeId = this.coordinators.get(groupId);
      if (nodeId === undefined) continue;
      let ids = byNode.get(nodeId);
      if (!ids) byNode.set(nodeId, (ids = []));
      ids.push(groupId);
    }
    return { byNode, unfound };
  }

  /** Finds and caches the groups' coordinators; returns the error of each group the broker found none for. */
  private async findCoordinators(groupIds: readonly string[]): Promise<Map<string, number>> {
    return kafkaRequest('FindCoordinator', async () => {
      const unfound = new Map<string, number>();
      const take = (groupId: string, code: number, nodeId: number) => {
        if (code === errorCode.none) this.coordinators.set(groupId, nodeId);
        else unfound.set(groupId, code);
      };
      const broker = await this.anyBroker();
      const batched = async () => {
        for (const batch of chunks(groupIds, groupsPerRequest)) {
          const answers = await sendRequest<Array<{ key: string; nodeId: number; errorCode: number }>>(
            broker,
            findCoordinatorV4(batch),
          );
          for (const answer of answers) take(answer.key, answer.errorCode, answer.nodeId);
        }
        return true;
      };
      if (await this.batchedOrOlder(broker, apiKey.findCoordinator, 4, batched, () => Promise.resolve(false)))
        return unfound;
      await Promise.all(
        groupIds.map(async (groupId) => {
          const answer = await sendKafkajsRequest<{ errorCode: number; coordinator: { nodeId: number } }>(
            broker,
            apiKey.findCoordinator,
            'GroupCoordinator',
            { groupId },
          );
          take(groupId, answer.errorCode, answer.coordinator.nodeId);
        }),
      );
      return unfound;
    });
  }

  /**
   * The batched version where the broker serves it, else the older one. kafkajs gives every
   * broker the versions the first one it met told, so a broker of an older release in a
   * cluster being upgraded may refuse the batched version (Kafka closes the connection on a
   * version it does not know): that broker is asked the older way from then on.
   */
  private async batchedOrOlder<T>(
    broker: KafkajsBroker,
    key: number,
    version: number,
    batched: () => Promise<T>,
    older: () => Promise<T>,
  ): Promise<T> {
    const refusedKey = `${broker.nodeId}/${key}`;
    if ((brokerMaxVersion(broker, key) ?? 0) < version || this.refusedBatched.has(refusedKey)) return older();
    try {
      return await batched();
    } catch (error) {
      if (!refusesVersion(error)) throw error;
      this.refusedBatched.add(refusedKey);
      return older();
    }
  }

  private forgetCoordinator(groupId: string): void {
    this.coordinators.delete(groupId);
  }

  private async readMetadata(topics: readonly string[]): Promise<void> {
    await kafkaRequest('Metadata', async () => {
      const broker = await this.anyBroker();
      const { topicMetadata } = await sendKafkajsRequest<{
        topicMetadata: Array<{
          topicErrorCode: number;
          topic: string;
          partitionMetadata: Array<{ partitionId: number; leader: number }>;
        }>;
      }>(broker, apiKey.metadata, 'Metadata', { topics, allowAutoTopicCreation: false });
      for (const { topic, topicErrorCode, partitionMetadata } of topicMetadata) {
        if (topicErrorCode === errorCode.unknownTopicOrPartition) {
          this.leaders.set(topic, { partitions: null, error: null });
        } else if (topicErrorCode !== errorCode.none && topicErrorCode !== errorCode.leaderNotAvailable) {
          this.leaders.set(topic, { partitions: null, error: kafkaProtocolError(topicErrorCode) });
        } else {
          const partitions = new Map<number, number>();
          for (const p of partitionMetadata) if (p.leader >= 0) partitions.set(p.partitionId, p.leader);
          this.leaders.set(topic, { partitions, error: null });
        }
      }
      for (const topic of topics)
        if (!this.leaders.has(topic)) this.leaders.set(topic, { partitions: null, error: null });
      this.leadersReadAt = this.now();
    });
  }

  private nodeIds(): number[] {
    return this.cluster.getNodeIds().map(Number);
  }

  private anyBroker(): Promise<KafkajsBroker> {
    const nodeIds = this.nodeIds();
    if (nodeIds.length === 0) throw new Error('The cluster named no brokers');
    return this.cluster.findBroker({ nodeId: nodeIds[Math.floor(Math.random() * nodeIds.length)]! });
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
