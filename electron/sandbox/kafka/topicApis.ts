import { type KafkaTopic, topicNameProblem } from './brokerLog';
import { defineApi, type BrokerState } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import {
  array,
  bool,
  int16,
  int32,
  nullableArray,
  nullableString,
  since,
  string,
  struct,
  versions,
} from './wireSchema';

/** Metadata, CreateTopics and DeleteTopics: one broker that leads every partition and is the controller. */

const noAuthorizedOperations = -2147483648;

const metadataRequest = struct({
  /** v0: empty means every topic; v1+: null means every topic, empty means none. */
  topics: nullableArray(struct({ name: string })),
  allowAutoTopicCreation: since(4, bool, true),
  includeClusterAuthorizedOperations: versions(8, 10, bool),
  includeTopicAuthorizedOperations: since(8, bool),
});

const metadataPartition = struct({
  errorCode: int16,
  partitionIndex: int32,
  leaderId: int32,
  leaderEpoch: since(7, int32, -1),
  replicaNodes: array(int32),
  isrNodes: array(int32),
  offlineReplicas: since(5, array(int32)),
});

const metadataResponse = struct({
  throttleTimeMs: since(3, int32),
  brokers: array(struct({ nodeId: int32, host: string, port: int32, rack: since(1, nullableString) })),
  clusterId: since(2, nullableString),
  controllerId: since(1, int32, -1),
  topics: array(
    struct({
      errorCode: int16,
      name: string,
      isInternal: since(1, bool),
      partitions: array(metadataPartition),
      topicAuthorizedOperations: since(8, int32, noAuthorizedOperations),
    }),
  ),
  clusterAuthorizedOperations: versions(8, 10, int32, noAuthorizedOperations),
});

export const metadataApi = defineApi({
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 8,
  request: metadataRequest,
  response: metadataResponse,
  handle: (request, { broker, version }) => {
    const everything = request.topics === null || (version === 0 && request.topics.length === 0);
    const mayCreate = broker.autoCreateTopics && (version < 4 || request.allowAutoTopicCreation);
    const topics = everything
      ? broker.log.topics().map((topic) => describeTopic(broker, topic))
      : (request.topics ?? []).map(({ name }) => {
          const existing = broker.log.topic(name);
          if (existing) return describeTopic(broker, existing);
          const problem = topicNameProblem(name);
          if (problem) return missingTopic(name, KafkaError.invalidTopic);
          if (!mayCreate) return missingTopic(name, KafkaError.unknownTopicOrPartition);
          return describeTopic(broker, broker.log.createTopic(name, broker.defaultPartitions));
        });
    return {
      throttleTimeMs: 0,
      brokers: [
        { nodeId: broker.nodeId, host: broker.advertisedHost, port: broker.advertisedPort, rack: null },
      ],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics,
      clusterAuthorizedOperations: noAuthorizedOperations,
    };
  },
});

function describeTopic(broker: BrokerState, topic: KafkaTopic) {
  return {
    errorCode: KafkaError.none,
    name: topic.name,
    isInternal: topic.internal,
    partitions: topic.partitions.map((_, index) => ({
      errorCode: KafkaError.none,
      partitionIndex: index,
      leaderId: broker.nodeId,
      leaderEpoch: 0,
      replicaNodes: [broker.nodeId],
      isrNodes: [broker.nodeId],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: noAuthorizedOperations,
  };
}

function missingTopic(name: string, errorCode: number) {
  return {
    errorCode,
    name,
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: noAuthorizedOperations,
  };
}

const createTopicsRequest = struct({
  topics: array(
    struct({
      name: string,
      numPartitions: int32,
      replicationFactor: int16,
      assignments: array(struct({ partitionIndex: int32, brokerIds: array(int32) })),
      configs: array(struct({ name: string, value: nullableString })),
    }),
  ),
  timeoutMs: int32,
  validateOnly: since(1, bool),
});

const createTopicsResponse = struct({
  throttleTimeMs: since(2, int32),
  topics: array(struct({ name: string, errorCode: int16, errorMessage: since(1, nullableString) })),
});

export const createTopicsApi = defineApi({
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  request: createTopicsRequest,
  response: createTopicsResponse,
  handle: (request, { broker }) => {
    const counts = new Map<string, number>();
    for (const topic of request.topics) counts.set(topic.name, (counts.get(topic.name) ?? 0) + 1);
    const topics = request.topics.map((topic) => {
      const fail = (errorCode: number, errorMessage: string) => ({
        name: topic.name,
        errorCode,
        errorMessage,
      });
      if (counts.get(topic.name)! > 1)
        return fail(
          KafkaError.invalidRequest,
          `Create topics request from client contains duplicate topic ${topic.name}.`,
        );
      const problem = topicNameProblem(topic.name);
      if (problem) return fail(KafkaError.invalidTopic, problem);
      if (broker.log.topic(topic.name))
        return fail(KafkaError.topicAlreadyExists, `Topic '${topic.name}' already exists.`);
      let partitions = topic.numPartitions === -1 ? broker.defaultPartitions : topic.numPartitions;
      if (topic.assignments.length > 0) {
        if (topic.numPartitions !== -1 || topic.replicationFactor !== -1)
          return fail(
            KafkaError.invalidRequest,
            'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
          );
        const indexes = topic.assignments
          .map((assignment) => assignment.partitionIndex)
          .sort((a, b) => a - b);
        if (indexes.some((index, position) => index !== position))
          return fail(
            KafkaError.invalidReplicaAssignment,
            'Partitions should be a consecutive 0-based integer sequence.',
          );
        if (topic.assignments.some((assignment) => assignment.brokerIds.some((id) => id !== broker.nodeId)))
          return fail(KafkaError.invalidReplicaAssignment, `Only broker ${broker.nodeId} exists.`);
        partitions = topic.assignments.length;
      } else {
        if (partitions < 1)
          return fail(KafkaError.invalidPartitions, 'Number of partitions must be larger than 0.');
        if (topic.replicationFactor === 0 || topic.replicationFactor < -1)
          return fail(KafkaError.invalidReplicationFactor, 'Replication factor must be larger than 0.');
        if (topic.replicationFactor > 1)
          return fail(
            KafkaError.invalidReplicationFactor,
            `Replication factor: ${topic.replicationFactor} larger than available brokers: 1.`,
          );
      }
      if (!request.validateOnly)
        broker.log.createTopic(topic.name, partitions, {
          configs: new Map(topic.configs.map((config) => [config.name, config.value])),
        });
      return { name: topic.name, errorCode: KafkaError.none, errorMessage: null };
    });
    return { throttleTimeMs: 0, topics };
  },
});

const deleteTopicsRequest = struct({ topicNames: array(string), timeoutMs: int32 });

const deleteTopicsResponse = struct({
  throttleTimeMs: since(1, int32),
  responses: array(struct({ name: string, errorCode: int16 })),
});

/**
 * DeleteTopics: the topic, its partitions and every group's committed offsets on it go at
 * once. Kafka's own __consumer_offsets is refused, as a cluster whose ACLs keep clients
 * away from internal topics refuses it.
 */
export const deleteTopicsApi = defineApi({
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 3,
  request: deleteTopicsRequest,
  response: deleteTopicsResponse,
  handle: (request, { broker }) => {
    const counts = new Map<string, number>();
    for (const name of request.topicNames) counts.set(name, (counts.get(name) ?? 0) + 1);
    const responses = request.topicNames.map((name) => {
      const topic = broker.log.topic(name);
      const errorCode =
        counts.get(name)! > 1
          ? KafkaError.invalidRequest
          : !topic
            ? KafkaError.unknownTopicOrPartition
            : topic.internal
              ? KafkaError.topicAuthorizationFailed
              : KafkaError.none;
      if (errorCode === KafkaError.none) {
        broker.log.deleteTopic(name);
        broker.offsets.forgetTopic(name);
      }
      return { name, errorCode };
    });
    return { throttleTimeMs: 0, responses };
  },
});
