import type { BrokerFaults } from './brokerFaults';
import { describeConfigsApi } from './configApis';
import { deleteGroupsApi, describeGroupsApi, listGroupsApi } from './groupAdminApis';
import { findCoordinatorApi, heartbeatApi, joinGroupApi, leaveGroupApi, syncGroupApi } from './groupApis';
import { defineApi, type KafkaApi } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import { offsetCommitApi, offsetFetchApi } from './offsetApis';
import { initProducerIdApi } from './producerApis';
import { fetchApi, listOffsetsApi, produceApi } from './recordApis';
import { createTopicsApi, deleteTopicsApi, metadataApi } from './topicApis';
import { WireWriter } from './wireBuffer';
import { array, int16, int32, since, struct } from './wireSchema';

/**
 * The requests the broker answers and the versions it supports; clients pick the highest
 * version both sides know. Most are served up to their last non-flexible version; the ones a
 * lag monitor batches (OffsetFetch v8, ListGroups v4, FindCoordinator v4) are served in their
 * flexible versions too.
 */

const apiVersionsResponse = struct({
  errorCode: int16,
  apiKeys: array(struct({ apiKey: int16, minVersion: int16, maxVersion: int16 })),
  throttleTimeMs: since(1, int32),
});

const apiVersionsMax = 2;

export const apiVersionsApi: KafkaApi = defineApi({
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: apiVersionsMax,
  request: struct({}),
  response: apiVersionsResponse,
  handle: (_request, { broker }) => ({
    errorCode: KafkaError.none,
    apiKeys: supportedVersions(broker.faults),
    throttleTimeMs: 0,
  }),
});

export const brokerApis: ReadonlyMap<number, KafkaApi> = new Map(
  [
    produceApi,
    fetchApi,
    listOffsetsApi,
    metadataApi,
    offsetCommitApi,
    offsetFetchApi,
    findCoordinatorApi,
    joinGroupApi,
    heartbeatApi,
    leaveGroupApi,
    syncGroupApi,
    describeGroupsApi,
    listGroupsApi,
    apiVersionsApi,
    createTopicsApi,
    deleteTopicsApi,
    initProducerIdApi,
    describeConfigsApi,
    deleteGroupsApi,
  ].map((api) => [api.key, api]),
);

function supportedVersions(
  faults: BrokerFaults,
): Array<{ apiKey: number; minVersion: number; maxVersion: number }> {
  return [...brokerApis.values()]
    .map((api) => ({
      apiKey: api.key,
      minVersion: api.minVersion,
      maxVersion: faults.advertisedMaxVersion(api),
    }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

/**
 * The answer to an ApiVersions request newer than the broker knows: UNSUPPORTED_VERSION in
 * the v0 layout, with the full list, so the client retries at a version both support (KIP-511).
 */
export function unsupportedApiVersionsBody(faults: BrokerFaults): Buffer {
  const writer = new WireWriter(256);
  apiVersionsResponse.write(
    writer,
    { errorCode: KafkaError.unsupportedVersion, apiKeys: supportedVersions(faults), throttleTimeMs: 0 },
    0,
  );
  return writer.toBuffer();
}
