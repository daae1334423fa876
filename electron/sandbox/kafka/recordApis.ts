import { topicNameProblem } from './brokerLog';
import { type BrokerState, defineApi, partitionKey } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import type { PartitionLog } from './partitionLog';
import { isIdempotent } from './producerState';
import { CorruptRecordBatch, readRecordBatchHeader, type RecordBatchHeader } from './recordBatch';
import {
  array,
  int16,
  int32,
  int64,
  int8,
  nullableArray,
  nullableBytes,
  nullableString,
  since,
  string,
  struct,
  versions,
  type WireValue,
} from './wireSchema';

/** Produce, Fetch and ListOffsets: records in and out of the partition logs. */

const produceRequest = struct({
  transactionalId: nullableString,
  acks: int16,
  timeoutMs: int32,
  topicData: array(
    struct({ name: string, partitionData: array(struct({ index: int32, records: nullableBytes })) }),
  ),
});

const produceResponse = struct({
  responses: array(
    struct({
      name: string,
      partitionResponses: array(
        struct({
          index: int32,
          errorCode: int16,
          baseOffset: int64,
          logAppendTimeMs: since(2, int64, -1),
          logStartOffset: since(5, int64, -1),
        }),
      ),
    }),
  ),
  throttleTimeMs: since(1, int32),
});

/**
 * Batches are checked (length, magic 2, CRC-32C) and stored as sent, compressed or not, so
 * consumers decompress them as they would from Kafka. Batches of idempotent producers must
 * follow on from the producer's last sequence on the partition; a retried batch is answered
 * with the offset it was first written at. Transactional and control batches are refused:
 * the broker has no transaction coordinator.
 */
export const produceApi = defineApi({
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  request: produceRequest,
  response: produceResponse,
  handle: (request, { broker }) => {
    const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
    const responses = request.topicData.map((topicData) => ({
      name: topicData.name,
      partitionResponses: topicData.partitionData.map((partitionData) => {
        const outcome = validAcks
          ? produceTo(broker, topicData.name, partitionData.index, partitionData.records)
          : { errorCode: KafkaError.invalidRequiredAcks, baseOffset: -1 };
        const log = broker.log.partition(topicData.name, partitionData.index);
        return {
          index: partitionData.index,
          errorCode: outcome.errorCode,
          baseOffset: outcome.baseOffset,
          logAppendTimeMs: -1,
          logStartOffset: log?.logStartOffset ?? -1,
        };
      }),
    }));
    return request.acks === 0 ? null : { responses, throttleTimeMs: 0 };
  },
});

function produceTo(
  broker: BrokerState,
  topicName: string,
  partition: number,
  records: Buffer | null,
): { errorCode: number; baseOffset: number } {
  const fail = (errorCode: number) => ({ errorCode, baseOffset: -1 });
  let topic = broker.log.topic(topicName);
  if (!topic) {
    if (!broker.autoCreateTopics) return fail(KafkaError.unknownTopicOrPartition);
    if (topicNameProblem(topicName)) return fail(KafkaError.invalidTopic);
    topic = broker.log.createTopic(topicName, broker.defaultPartitions);
  }
  if (topic.internal) return fail(KafkaError.invalidTopic);
  const log = topic.partitions[partition];
  if (!log) return fail(KafkaError.unknownTopicOrPartition);
  if (records === null || records.length === 0) return fail(KafkaError.corruptMessage);
  let header: RecordBatchHeader;
  try {
    header = readRecordBatchHeader(records);
  } catch (error) {
    if (error instanceof CorruptRecordBatch) return fail(KafkaError.corruptMessage);
    throw error;
  }
  // Produce v3 and later carry exactly one batch per partition.
  if (header.size !== records.length) return fail(KafkaError.invalidRecord);
  if (header.transactional || header.control) return fail(KafkaError.invalidRequest);
  if (header.size > broker.maxBatchBytes) return fail(KafkaError.messageTooLarge);
  if (!isIdempotent(header))
    return { errorCode: KafkaError.none, baseOffset: broker.log.appendBatch(log, records, header) };
  const check = log.producers.check(header);
  if (check.kind === 'refused') return fail(check.errorCode);
  if (check.kind === 'duplicate') return { errorCode: KafkaError.none, baseOffset: check.baseOffset };
  const baseOffset = broker.log.appendBatch(log, records, header);
  log.producers.record(header, baseOffset);
  return { errorCode: KafkaError.none, baseOffset };
}

const fetchRequest = struct({
  replicaId: int32,
  maxWaitMs: int32,
  minBytes: int32,
  maxBytes: since(3, int32, 0x7fffffff),
  isolationLevel: since(4, int8),
  sessionId: since(7, int32),
  sessionEpoch: since(7, int32, -1),
  topics: array(
    struct({
      topic: string,
      partitions: array(
        struct({
          partition: int32,
          currentLeaderEpoch: since(9, int32, -1),
          fetchOffset: int64,
          logStartOffset: since(5, int64, -1),
          partitionMaxBytes: int32,
        }),
      ),
    }),
  ),
  forgottenTopicsData: since(7, array(struct({ topic: string, partitions: array(int32) }))),
  rackId: since(11, string),
});

const fetchPartitionResponse = struct({
  partitionIndex: int32,
  errorCode: int16,
  highWatermark: int64,
  lastStableOffset: since(4, int64, -1),
  logStartOffset: since(5, int64, -1),
  abortedTransactions: since(4, nullableArray(struct({ producerId: int64, firstOffset: int64 }))),
  preferredReadReplica: since(11, int32, -1),
  records: nullableBytes,
});

const fetchResponse = struct({
  throttleTimeMs: since(1, int32),
  errorCode: since(7, int16),
  sessionId: since(7, int32),
  responses: array(struct({ topic: string, partitions: array(fetchPartitionResponse) })),
});

/** Kafka's fetch.max.wait.ms is seldom above a few seconds; a client asking for more gets this. */
const longestWaitMs = 30_000;
const fetchSessionIdNotFound = 70;

/**
 * Fetch long-polls: with fewer than min_bytes available it waits, in real time, for an
 * append to one of the partitions or for max_wait_ms. Fetch sessions (v7+) are declined,
 * which Kafka allows: the session id in every answer is 0 and clients keep sending full
 * requests.
 */
export const fetchApi = defineApi({
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  request: fetchRequest,
  response: fetchResponse,
  handle: async (request, { broker, signal }) => {
    if (request.sessionId !== 0)
      return { throttleTimeMs: 0, errorCode: fetchSessionIdNotFound, sessionId: 0, responses: [] };
    const deadline = Date.now() + Math.min(Math.max(request.maxWaitMs, 0), longestWaitMs);
    const watched = new Set(
      request.topics.flatMap((topic) =>
        topic.partitions.map((partition) => partitionKey(topic.topic, partition.partition)),
      ),
    );
    for (;;) {
      const answer = readForFetch(broker, request);
      const remaining = deadline - Date.now();
      if (answer.bytes >= request.minBytes || answer.failed || remaining <= 0 || signal.aborted)
        return { throttleTimeMs: 0, errorCode: KafkaError.none, sessionId: 0, responses: answer.responses };
      await broker.waitForAppend(watched, remaining, signal);
    }
  },
});

type FetchRequest = WireValue<typeof fetchRequest>;

function readForFetch(broker: BrokerState, request: FetchRequest) {
  let bytes = 0;
  let failed = false;
  const responses = request.topics.map((topic) => ({
    topic: topic.topic,
    partitions: topic.partitions.map((wanted) => {
      const log = broker.log.partition(topic.topic, wanted.partition);
      const answer = (errorCode: number, records: Buffer | null, partitionLog?: PartitionLog) => ({
        partitionIndex: wanted.partition,
        errorCode,
        highWatermark: partitionLog?.endOffset ?? -1,
        lastStableOffset: partitionLog?.endOffset ?? -1,
        logStartOffset: partitionLog?.logStartOffset ?? -1,
        abortedTransactions: [],
        preferredReadReplica: -1,
        records,
      });
      if (!log) {
        failed = true;
        return answer(KafkaError.unknownTopicOrPartition, null);
      }
      if (wanted.fetchOffset < log.logStartOffset || wanted.fetchOffset > log.endOffset) {
        failed = true;
        return answer(KafkaError.offsetOutOfRange, null, log);
      }
      const room = Math.min(wanted.partitionMaxBytes, request.maxBytes - bytes);
      const chunks = room > 0 || bytes === 0 ? log.read(wanted.fetchOffset, Math.max(room, 0)) : [];
      const records = Buffer.concat(chunks);
      bytes += records.length;
      return answer(KafkaError.none, records, log);
    }),
  }));
  return { responses, bytes, failed };
}

const listOffsetsRequest = struct({
  replicaId: int32,
  isolationLevel: since(2, int8),
  topics: array(
    struct({
      name: string,
      partitions: array(
        struct({
          partitionIndex: int32,
          currentLeaderEpoch: since(4, int32, -1),
          timestamp: int64,
          maxNumOffsets: versions(0, 0, int32, 1),
        }),
      ),
    }),
  ),
});

const listOffsetsResponse = struct({
  throttleTimeMs: since(2, int32),
  topics: array(
    struct({
      name: string,
      partitions: array(
        struct({
          partitionIndex: int32,
          errorCode: int16,
          oldStyleOffsets: versions(0, 0, array(int64)),
          timestamp: since(1, int64, -1),
          offset: since(1, int64, -1),
          leaderEpoch: since(4, int32, -1),
        }),
      ),
    }),
  ),
});

const latestTimestamp = -1;
const earliestTimestamp = -2;

export const listOffsetsApi = defineApi({
  key: 2,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 5,
  request: listOffsetsRequest,
  response: listOffsetsResponse,
  handle: (request, { broker }) => ({
    throttleTimeMs: 0,
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((wanted) => {
        const log = broker.log.partition(topic.name, wanted.partitionIndex);
        if (!log)
          return {
            partitionIndex: wanted.partitionIndex,
            errorCode: KafkaError.unknownTopicOrPartition,
            oldStyleOffsets: [],
            timestamp: -1,
            offset: -1,
            leaderEpoch: -1,
          };
        const found =
          wanted.timestamp === latestTimestamp
            ? { offset: log.endOffset, timestamp: -1 }
            : wanted.timestamp === earliestTimestamp
              ? { offset: log.logStartOffset, timestamp: -1 }
              : (log.offsetForTimestamp(wanted.timestamp) ?? { offset: -1, timestamp: -1 });
        return {
          partitionIndex: wanted.partitionIndex,
          errorCode: KafkaError.none,
          oldStyleOffsets: found.offset === -1 ? [] : [found.offset],
          timestamp: found.timestamp,
          offset: found.offset,
          leaderEpoch: found.offset === -1 ? -1 : 0,
        };
      }),
    })),
  }),
});
