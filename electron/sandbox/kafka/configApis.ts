import { topicNameProblem } from './brokerLog';
import { ConfigSource, describeBrokerConfigs, type DescribedConfig } from './brokerConfigs';
import { describeTopicConfigs } from './topicConfigs';
import { type BrokerState, defineApi } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import {
  array,
  bool,
  int16,
  int32,
  int8,
  nullableArray,
  nullableString,
  since,
  string,
  struct,
  versions,
} from './wireSchema';

/** DescribeConfigs for topics and for this broker. */

const resourceType = { topic: 2, broker: 4 } as const;

const describeConfigsRequest = struct({
  resources: array(
    struct({ resourceType: int8, resourceName: string, configurationKeys: nullableArray(string) }),
  ),
  includeSynonyms: since(1, bool),
  includeDocumentation: since(3, bool),
});

const describeConfigsResponse = struct({
  throttleTimeMs: int32,
  results: array(
    struct({
      errorCode: int16,
      errorMessage: nullableString,
      resourceType: int8,
      resourceName: string,
      configs: array(
        struct({
          name: string,
          value: nullableString,
          readOnly: bool,
          isDefault: versions(0, 0, bool),
          configSource: since(1, int8, -1),
          isSensitive: bool,
          synonyms: since(1, array(struct({ name: string, value: nullableString, source: int8 }))),
          configType: since(3, int8),
          documentation: since(3, nullableString),
        }),
      ),
    }),
  ),
});

type Described = { configs: DescribedConfig[] } | { errorCode: number; errorMessage: string };

/**
 * Each resource is answered on its own: an unknown topic or another broker's id fails that
 * resource only. Keys the broker does not know are left out, as Kafka leaves them out.
 */
export const describeConfigsApi = defineApi({
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 3,
  request: describeConfigsRequest,
  response: describeConfigsResponse,
  handle: (request, { broker }) => ({
    throttleTimeMs: 0,
    results: request.resources.map((resource) => {
      const described = describe(broker, resource.resourceType, resource.resourceName);
      const wanted = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
      const configs = 'configs' in described ? described.configs : [];
      return {
        errorCode: 'errorCode' in described ? described.errorCode : KafkaError.none,
        errorMessage: 'errorMessage' in described ? described.errorMessage : null,
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        configs: configs
          .filter((config) => wanted === null || wanted.has(config.name))
          .map((config) => ({
            name: config.name,
            value: config.sensitive ? null : config.value,
            readOnly: config.readOnly,
            isDefault: config.source === ConfigSource.default,
            configSource: config.source,
            isSensitive: config.sensitive,
            synonyms: request.includeSynonyms ? config.synonyms : [],
            configType: config.type,
            documentation: request.includeDocumentation ? config.documentation : null,
          })),
      };
    }),
  }),
});

function describe(broker: BrokerState, type: number, name: string): Described {
  if (type === resourceType.topic) {
    const problem = topicNameProblem(name);
    if (problem) return { errorCode: KafkaError.invalidTopic, errorMessage: problem };
    const topic = broker.log.topic(name);
    if (!topic)
      return {
        errorCode: KafkaError.unknownTopicOrPartition,
        errorMessage: `The topic '${name}' does not exist.`,
      };
    return { configs: describeTopicConfigs(broker, topic) };
  }
  if (type === resourceType.broker) {
    // The empty name stands for the cluster-wide dynamic defaults, of which none are set.
    if (name === '') return { configs: [] };
    if (!/^-?\d+$/.test(name))
      return {
        errorCode: KafkaError.invalidRequest,
        errorMessage: `Broker id must be an integer, but it is: ${name}`,
      };
    if (Number(name) !== broker.nodeId)
      return {
        errorCode: KafkaError.invalidRequest,
        errorMessage: `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${name}`,
      };
    return { configs: describeBrokerConfigs(broker) };
  }
  return { errorCode: KafkaError.invalidRequest, errorMessage: `Unsupported resource type: ${type}` };
}
