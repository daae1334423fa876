import { defineApi } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import { array, bool, bytes, int16, int32, nullableString, since, string, struct } from './wireSchema';

/** ListGroups, DescribeGroups and DeleteGroups: what admin clients and lag monitors ask. */

/** ListGroups, flexible from v3; v4 tells each group's state and may ask for some states only (KIP-518). */
export const listGroupsApi = defineApi({
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 4,
  flexibleFrom: 3,
  request: struct({ statesFilter: since(4, array(string)) }),
  response: struct({
    throttleTimeMs: since(1, int32),
    errorCode: int16,
    groups: array(struct({ groupId: string, protocolType: string, groupState: since(4, string) })),
  }),
  handle: (request, { broker }) => {
    // Kafka matches the requested states without regard to case.
    const states = new Set(request.statesFilter.map((state) => state.toLowerCase()));
    return {
      throttleTimeMs: 0,
      errorCode: KafkaError.none,
      groups: broker.coordinator
        .listGroups()
        .filter(({ state }) => states.size === 0 || states.has(state.toLowerCase()))
        .map(({ groupId, protocolType, state }) => ({ groupId, protocolType, groupState: state })),
    };
  },
});

export const describeGroupsApi = defineApi({
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  request: struct({ groups: array(string), includeAuthorizedOperations: since(3, bool) }),
  response: struct({
    throttleTimeMs: since(1, int32),
    groups: array(
      struct({
        errorCode: int16,
        groupId: string,
        groupState: string,
        protocolType: string,
        protocolData: string,
        members: array(
          struct({
            memberId: string,
            groupInstanceId: since(4, nullableString),
            clientId: string,
            clientHost: string,
            memberMetadata: bytes,
            memberAssignment: bytes,
          }),
        ),
        authorizedOperations: since(3, int32, -2147483648),
      }),
    ),
  }),
  handle: (request, { broker }) => ({
    throttleTimeMs: 0,
    groups: request.groups.map((groupId) => {
      const group = broker.coordinator.describeGroup(groupId);
      const fault = broker.faults.groupError('DescribeGroups', groupId);
      if (fault !== null) {
        return {
          errorCode: fault,
          groupId,
          groupState: '',
          protocolType: '',
          protocolData: '',
          members: [],
          authorizedOperations: -2147483648,
        };
      }
      return {
        errorCode: groupId === '' ? KafkaError.invalidGroupId : KafkaError.none,
        groupId,
        groupState: group.state,
        protocolType: group.protocolType,
        protocolData: group.protocolName,
        members: group.members.map((member) => ({
          memberId: member.memberId,
          groupInstanceId: member.groupInstanceId,
          clientId: member.clientId,
          clientHost: member.clientHost,
          memberMetadata: member.metadata,
          memberAssignment: member.assignment,
        })),
        authorizedOperations: -2147483648,
      };
    }),
  }),
});

export const deleteGroupsApi = defineApi({
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  request: struct({ groupsNames: array(string) }),
  response: struct({ throttleTimeMs: int32, results: array(struct({ groupId: string, errorCode: int16 })) }),
  handle: (request, { broker }) => ({
    throttleTimeMs: 0,
    results: request.groupsNames.map((groupId) => ({
      groupId,
      errorCode: groupId === '' ? KafkaError.invalidGroupId : broker.coordinator.deleteGroup(groupId),
    })),
  }),
});
