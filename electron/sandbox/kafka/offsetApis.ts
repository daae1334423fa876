import { defineApi, type BrokerState } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import {
  array,
  bool,
  int16,
  int32,
  int64,
  nullableArray,
  nullableString,
  since,
  string,
  struct,
  versions,
} from './wireSchema';

/** OffsetCommit and OffsetFetch against the coordinator's committed offsets. */

export const offsetCommitApi = defineApi({
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 7,
  request: struct({
    groupId: string,
    generationId: since(1, int32, -1),
    memberId: since(1, string),
    groupInstanceId: since(7, nullableString),
    retentionTimeMs: versions(2, 4, int64, -1),
    topics: array(
      struct({
        name: string,
        partitions: array(
          struct({
            partitionIndex: int32,
            committedOffset: int64,
            committedLeaderEpoch: since(6, int32, -1),
            commitTimestamp: versions(1, 1, int64, -1),
            committedMetadata: nullableString,
          }),
        ),
      }),
    ),
  }),
  response: struct({
    throttleTimeMs: since(3, int32),
    topics: array(
      struct({ name: string, partitions: array(struct({ partitionIndex: int32, errorCode: int16 })) }),
    ),
  }),
  handle: (request, { broker }) => {
    const known = request.topics.flatMap((topic) =>
      topic.partitions
        .filter((partition) => broker.log.partition(topic.name, partition.partitionIndex))
        .map((partition) => ({
          topic: topic.name,
          partition: partition.partitionIndex,
          offset: partition.committedOffset,
          leaderEpoch: partition.committedLeaderEpoch,
          metadata: partition.committedMetadata ?? '',
        })),
    );
    const errors = broker.coordinator.commitOffsets(
      request.groupId,
      request.memberId,
      request.generationId,
      known,
    );
    const errorOf = new Map(
      known.map((commit, index) => [`${commit.topic}\u0000${commit.partition}`, errors[index]!]),
    );
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((partition) => ({
          partitionIndex: partition.partitionIndex,
          errorCode:
            errorOf.get(`${topic.name}\u0000${partition.partitionIndex}`) ??
            KafkaError.unknownTopicOrPartition,
        })),
      })),
    };
  },
});

const offsetFetchPartition = struct({
  partitionIndex: int32,
  committedOffset: int64,
  committedLeaderEpoch: since(5, int32, -1),
  metadata: nullableString,
  errorCode: int16,
});

const offsetFetchTopics = nullableArray(struct({ name: string, partitionIndexes: array(int32) }));

/**
 * OffsetFetch up to v8, flexible from v6: v8 asks for many groups in one request (KIP-709),
 * each with its topics or null for all it has committed on; before, one group a request.
 */
export const offsetFetchApi = defineApi({
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 8,
  flexibleFrom: 6,
  request: struct({
    groupId: versions(0, 7, string),
    /** Null (v2+): every partition the group has committed on. */
    topics: versions(0, 7, offsetFetchTopics),
    groups: since(8, array(struct({ groupId: string, topics: offsetFetchTopics }))),
    requireStable: since(7, bool),
  }),
  response: struct({
    throttleTimeMs: since(3, int32),
    topics: versions(0, 7, array(struct({ name: string, partitions: array(offsetFetchPartition) }))),
    errorCode: versions(2, 7, int16),
    groups: since(
      8,
      array(
        struct({
          groupId: string,
          topics: array(struct({ name: string, partitions: array(offsetFetchPartition) })),
          errorCode: int16,
        }),
      ),
    ),
  }),
  handle: (request, { broker, version }) => {
    if (version >= 8) {
      return {
        throttleTimeMs: 0,
        topics: [],
        errorCode: KafkaError.none,
        groups: request.groups.map((group) => ({
          groupId: group.groupId,
          ...committedOffsets(broker, group),
        })),
      };
    }
    return { throttleTimeMs: 0, groups: [], ...committedOffsets(broker, request) };
  },
});

function committedOffsets(
  { coordinator, faults }: BrokerState,
  request: { groupId: string; topics: Array<{ name: string; partitionIndexes: number[] }> | null },
) {
  const fault = faults.groupError('OffsetFetch', request.groupId);
  if (fault !== null) return { errorCode: fault, topics: [] };
  const wanted =
    request.topics ??
    groupByTopic(coordinator.committedOffsets(request.groupId)).map(([name, partitionIndexes]) => ({
      name,
      partitionIndexes,
    }));
  return {
    errorCode: request.groupId === '' ? KafkaError.invalidGroupId : KafkaError.none,
    topics: wanted.map((topic) => ({
      name: topic.name,
      partitions: topic.partitionIndexes.map((partitionIndex) => {
        const committed = coordinator.committed(request.groupId, topic.name, partitionIndex);
        return {
          partitionIndex,
          committedOffset: committed?.offset ?? -1,
          committedLeaderEpoch: committed?.leaderEpoch ?? -1,
          metadata: committed?.metadata ?? '',
          errorCode: KafkaError.none,
        };
      }),
    })),
  };
}

function groupByTopic(
  offsets: ReadonlyArray<{ topic: string; partition: number }>,
): Array<[string, number[]]> {
  const byTopic = new Map<string, number[]>();
  for (const offset of offsets)
    byTopic.set(offset.topic, [...(byTopic.get(offset.topic) ?? []), offset.partition]);
  return [...byTopic];
}
