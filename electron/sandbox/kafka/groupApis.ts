import type { JoinResult, SyncResult } from './groupRequests';
import { defineApi } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import {
  array,
  bytes,
  int16,
  int32,
  int8,
  nullableString,
  since,
  string,
  struct,
  versions,
} from './wireSchema';

/** FindCoordinator and the group membership requests, answered by the one coordinator. */

const groupKeyType = 0;

/** FindCoordinator, flexible from v3; v4 finds the coordinators of many keys in one request (KIP-699). */
export const findCoordinatorApi = defineApi({
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  request: struct({
    key: versions(0, 3, string),
    keyType: since(1, int8),
    coordinatorKeys: since(4, array(string)),
  }),
  response: struct({
    throttleTimeMs: since(1, int32),
    errorCode: versions(0, 3, int16),
    errorMessage: versions(1, 3, nullableString),
    nodeId: versions(0, 3, int32),
    host: versions(0, 3, string),
    port: versions(0, 3, int32),
    coordinators: since(
      4,
      array(
        struct({
          key: string,
          nodeId: int32,
          host: string,
          port: int32,
          errorCode: int16,
          errorMessage: nullableString,
        }),
      ),
    ),
  }),
  handle: (request, { broker, version }) => {
    const keys = version >= 4 ? request.coordinatorKeys : [request.key];
    const coordinators = keys.map((key) => {
      const fault =
        request.keyType === groupKeyType ? broker.faults.groupError('FindCoordinator', key) : null;
      return fault !== null
        ? { key, errorCode: fault, errorMessage: null, nodeId: -1, host: '', port: -1 }
        : request.keyType === groupKeyType
          ? {
              key,
              errorCode: KafkaError.none,
              errorMessage: null,
              nodeId: broker.nodeId,
              host: broker.advertisedHost,
              port: broker.advertisedPort,
            }
          : {
              key,
              errorCode: KafkaError.coordinatorNotAvailable,
              errorMessage:
                'This broker coordinates consumer groups only; it has no transaction coordinator.',
              nodeId: -1,
              host: '',
              port: -1,
            };
    });
    const first = coordinators[0]!;
    return { throttleTimeMs: 0, ...first, coordinators };
  },
});

export const joinGroupApi = defineApi({
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  request: struct({
    groupId: string,
    sessionTimeoutMs: int32,
    rebalanceTimeoutMs: since(1, int32, -1),
    memberId: string,
    groupInstanceId: since(5, nullableString),
    protocolType: string,
    protocols: array(struct({ name: string, metadata: bytes })),
  }),
  response: struct({
    throttleTimeMs: since(2, int32),
    errorCode: int16,
    generationId: int32,
    protocolName: string,
    leader: string,
    memberId: string,
    members: array(struct({ memberId: string, groupInstanceId: since(5, nullableString), metadata: bytes })),
  }),
  handle: (request, { broker, clientId, clientHost }) =>
    new Promise<JoinResult>((resolve) =>
      broker.coordinator.join({ ...request, clientId: clientId ?? '', clientHost }, resolve),
    ).then((result) => ({ throttleTimeMs: 0, ...result, protocolName: result.protocolName ?? '' })),
});

export const syncGroupApi = defineApi({
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  request: struct({
    groupId: string,
    generationId: int32,
    memberId: string,
    groupInstanceId: since(3, nullableString),
    assignments: array(struct({ memberId: string, assignment: bytes })),
  }),
  response: struct({ throttleTimeMs: since(1, int32), errorCode: int16, assignment: bytes }),
  handle: (request, { broker }) =>
    new Promise<SyncResult>((resolve) => broker.coordinator.sync(request, resolve)).then((result) => ({
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      assignment: result.assignment,
    })),
});

export const heartbeatApi = defineApi({
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  request: struct({
    groupId: string,
    generationId: int32,
    memberId: string,
    groupInstanceId: since(3, nullableString),
  }),
  response: struct({ throttleTimeMs: since(1, int32), errorCode: int16 }),
  handle: (request, { broker }) => ({
    throttleTimeMs: 0,
    errorCode: broker.coordinator.heartbeat(request.groupId, request.memberId, request.generationId),
  }),
});

export const leaveGroupApi = defineApi({
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  request: struct({
    groupId: string,
    memberId: versions(0, 2, string),
    members: since(3, array(struct({ memberId: string, groupInstanceId: nullableString }))),
  }),
  response: struct({
    throttleTimeMs: since(1, int32),
    errorCode: int16,
    members: since(3, array(struct({ memberId: string, groupInstanceId: nullableString, errorCode: int16 }))),
  }),
  handle: (request, { broker, version }) => {
    if (version < 3)
      return {
        throttleTimeMs: 0,
        errorCode: broker.coordinator.leave(request.groupId, request.memberId),
        members: [],
      };
    const members = request.members.map((member) => ({
      ...member,
      errorCode: broker.coordinator.leave(request.groupId, member.memberId),
    }));
    return { throttleTimeMs: 0, errorCode: KafkaError.none, members };
  },
});
