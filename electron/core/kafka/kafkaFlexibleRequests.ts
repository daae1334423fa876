import {
  apiKey,
  KafkajsDecoderClass,
  KafkajsEncoderClass,
  type KafkajsDecoder,
  type KafkajsEncoder,
  type ProtocolRequest,
} from './kafkajsWire';

/**
 * The batched versions kafkajs has no encoder for, written from Kafka's message definitions
 * (clients/src/main/resources/common/message): OffsetFetch v8 (many groups a request,
 * KIP-709), FindCoordinator v4 (many keys a request, KIP-699) and ListGroups v4 (each
 * group's state, KIP-518). All three are flexible versions (KIP-482): compact strings and
 * arrays, and tagged fields after every struct. kafkajs writes the request header v1; the
 * header's own tagged fields (v2) therefore open the body, as kafkajs' flexible requests do,
 * and the response header's tagged fields open the answer.
 */

export interface CommittedPartition {
  partition: number;
  /** -1: no commit. */
  offset: number;
  errorCode: number;
}

export interface GroupOffsetsAnswer {
  groupId: string;
  errorCode: number;
  topics: Array<{ topic: string; partitions: CommittedPartition[] }>;
}

export interface OffsetFetchQuery {
  groupId: string;
  /** Null: every partition the group has committed on. */
  topics: Array<{ topic: string; partitions: number[] }> | null;
}

const encoder = (): KafkajsEncoder => new KafkajsEncoderClass();
const noTags = 0;

function flexible(name: string, key: number, version: number, write: (body: KafkajsEncoder) => void) {
  return {
    apiKey: key,
    apiVersion: version,
    apiName: name,
    encode: () => {
      const body = encoder().writeUVarInt(noTags);
      write(body);
      return Promise.resolve(body.writeUVarInt(noTags));
    },
  };
}

function answer<T>(read: (decoder: KafkajsDecoder) => T): ProtocolRequest['response'] {
  return {
    decode: (payload) => {
      const decoder = new KafkajsDecoderClass(payload);
      decoder.readTaggedFields();
      return Promise.resolve(read(decoder));
    },
    parse: (data) => Promise.resolve(data),
  };
}

function readTagged<T>(decoder: KafkajsDecoder, value: T): T {
  decoder.readTaggedFields();
  return value;
}

export function offsetFetchV8(groups: readonly OffsetFetchQuery[]): ProtocolRequest {
  return {
    request: flexible('OffsetFetch', apiKey.offsetFetch, 8, (body) => {
      body.writeUVarIntArray(
        groups.map((group) =>
          encoder()
            .writeUVarIntString(group.groupId)
            .writeUVarIntArray(
              group.topics === null
                ? null
                : group.topics.map((topic) => {
                    const partitions = encoder().writeUVarInt(topic.partitions.length + 1);
                    for (const partition of topic.partitions) partitions.writeInt32(partition);
                    return encoder()
                      .writeUVarIntString(topic.topic)
                      .writeEncoder(partitions)
                      .writeUVarInt(noTags);
                  }),
            )
            .writeUVarInt(noTags),
        ),
      );
      body.writeBoolean(false); // require_stable: offsets pending in transactions are not waited for
    }),
    response: answer((decoder): GroupOffsetsAnswer[] => {
      decoder.readInt32(); // throttle_time_ms
      const groups =
        decoder.readUVarIntArray((group) => {
          const groupId = group.readUVarIntString() ?? '';
          const topics =
            group.readUVarIntArray((topic) => {
              const name = topic.readUVarIntString() ?? '';
              const partitions =
                topic.readUVarIntArray((partition) => {
                  const index = partition.readInt32();
                  const offset = Number(partition.readInt64());
                  partition.readInt32(); // committed_leader_epoch
                  partition.readUVarIntString(); // metadata
                  const errorCode = partition.readInt16();
                  return readTagged(partition, { partition: index, offset, errorCode });
                }) ?? [];
              return readTagged(topic, { topic: name, partitions });
            }) ?? [];
          const errorCode = group.readInt16();
          return readTagged(group, { groupId, errorCode, topics });
        }) ?? [];
      return readTagged(decoder, groups);
    }),
  };
}

export interface CoordinatorAnswer {
  key: string;
  nodeId: number;
  errorCode: number;
}

const groupKeyType = 0;

export function findCoordinatorV4(groupIds: readonly string[]): ProtocolRequest {
  return {
    request: flexible('FindCoordinator', apiKey.findCoordinator, 4, (body) => {
      body.writeInt8(groupKeyType);
      const keys = encoder().writeUVarInt(groupIds.length + 1);
      for (const groupId of groupIds) keys.writeUVarIntString(groupId);
      body.writeEncoder(keys);
    }),
    response: answer((decoder): CoordinatorAnswer[] => {
      decoder.readInt32(); // throttle_time_ms
      const coordinators =
        decoder.readUVarIntArray((coordinator) => {
          const key = coordinator.readUVarIntString() ?? '';
          const nodeId = coordinator.readInt32();
          coordinator.readUVarIntString(); // host
          coordinator.readInt32(); // port
          const errorCode = coordinator.readInt16();
          coordinator.readUVarIntString(); // error_message
          return readTagged(coordinator, { key, nodeId, errorCode });
        }) ?? [];
      return readTagged(decoder, coordinators);
    }),
  };
}

export interface ListedGroupsAnswer {
  errorCode: number;
  groups: Array<{ groupId: string; protocolType: string; state: string | null }>;
}

export function listGroupsV4(): ProtocolRequest {
  return {
    request: flexible('ListGroups', apiKey.listGroups, 4, (body) => {
      body.writeUVarInt(1); // states_filter: empty, every state
    }),
    response: answer((decoder): ListedGroupsAnswer => {
      decoder.readInt32(); // throttle_time_ms
      const errorCode = decoder.readInt16();
      const groups =
        decoder.readUVarIntArray((group) => {
          const groupId = group.readUVarIntString() ?? '';
          const protocolType = group.readUVarIntString() ?? '';
          const state = group.readUVarIntString();
          return readTagged(group, { groupId, protocolType, state });
        }) ?? [];
      return readTagged(decoder, { errorCode, groups });
    }),
  };
}
