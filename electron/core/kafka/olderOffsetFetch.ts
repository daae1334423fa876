import type { GroupOffsetsAnswer, OffsetFetchQuery } from './kafkaFlexibleRequests';
import { apiKey, isCoordinatorMoved, sendKafkajsRequest, type KafkajsBroker } from './kafkajsWire';

/**
 * One group's committed offsets at the best OffsetFetch version kafkajs knows (v1 to v4), for
 * a coordinator that does not serve v8's many groups a request.
 */
export async function fetchOneGroup(
  broker: KafkajsBroker,
  query: OffsetFetchQuery,
): Promise<GroupOffsetsAnswer> {
  const answer = await sendKafkajsRequest<{
    errorCode?: number;
    responses: Array<{
      topic: string;
      partitions: Array<{ partition: number; offset: string; errorCode: number }>;
    }>;
  }>(broker, apiKey.offsetFetch, 'OffsetFetch', {
    groupId: query.groupId,
    // kafkajs writes an empty list as null: every partition the group has committed on.
    topics: (query.topics ?? []).map(({ topic, partitions }) => ({
      topic,
      partitions: partitions.map((partition) => ({ partition })),
    })),
  });
  // Before v2 a group-level error is told on every partition.
  const partitionErrors = answer.responses.flatMap((t) => t.partitions.map((p) => p.errorCode));
  const groupError =
    answer.errorCode ??
    (partitionErrors.length > 0 && partitionErrors.every(isCoordinatorMoved) ? partitionErrors[0]! : 0);
  return {
    groupId: query.groupId,
    errorCode: groupError,
    topics: answer.responses.map(({ topic, partitions }) => ({
      topic,
      partitions: partitions.map((p) => ({
        partition: p.partition,
        offset: Number(p.offset),
        errorCode: p.errorCode,
      })),
    })),
  };
}
