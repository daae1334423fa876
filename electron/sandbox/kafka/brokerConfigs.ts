import type { BrokerState } from './kafkaApi';

/**
 * The broker's own settings as DescribeConfigs shows them, for a single-node KRaft broker
 * started from Kafka's sample server.properties: what that file sets is STATIC_BROKER_CONFIG,
 * the rest Kafka's defaults. Values, sources and synonyms follow kafka-configs --describe
 * --all on such a broker; topicConfigs.ts has the topic-level settings that fall back to these.
 */

/** Where a value comes from (DescribeConfigsResponse ConfigSource). */
export const ConfigSource = {
  topic: 1,
  staticBroker: 4,
  default: 5,
} as const;

/** The value's data type (DescribeConfigsResponse ConfigType, v3+). */
export const ConfigType = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7 } as const;
export type ConfigTypeId = (typeof ConfigType)[keyof typeof ConfigType];

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  sensitive: boolean;
  /** Where the value could come from, the one in force first. */
  synonyms: ConfigSynonym[];
  type: ConfigTypeId;
  documentation: string;
}

interface BrokerConfig {
  name: string;
  type: ConfigTypeId;
  /** Whether the setting can change while the broker runs (Kafka's dynamic broker configs). */
  dynamic: boolean;
  /** Kafka's default, null where it has none. */
  default: string | null;
  /** What server.properties sets, null where it says nothing. */
  configured: (broker: BrokerState) => string | null;
  documentation: string;
}

const brokerConfig = (
  name: string,
  type: ConfigTypeId,
  dynamic: boolean,
  fallback: string | null,
  configured: BrokerConfig['configured'],
  documentation: string,
): BrokerConfig => ({ name, type, dynamic, default: fallback, configured, documentation });

const { boolean, string, int, short, long, list } = ConfigType;

const listener = (broker: BrokerState) => `PLAINTEXT://${broker.advertisedHost}:${broker.advertisedPort}`;
const notSet = () => null;
const setTo = (value: string) => () => value;

const brokerConfigs: readonly BrokerConfig[] = [
  brokerConfig(
    'advertised.listeners',
    list,
    true,
    null,
    listener,
    'Listeners clients are told to connect to.',
  ),
  brokerConfig(
    'auto.create.topics.enable',
    boolean,
    false,
    'true',
    (broker) => (broker.autoCreateTopics ? null : 'false'),
    'Whether metadata and produce requests create unknown topics.',
  ),
  brokerConfig('broker.id', int, false, '-1', (broker) => String(broker.nodeId), 'This broker’s id.'),
  brokerConfig(
    'compression.type',
    string,
    true,
    'producer',
    notSet,
    'The codec topics store batches with by default.',
  ),
  brokerConfig(
    'controller.listener.names',
    string,
    false,
    null,
    setTo('CONTROLLER'),
    'Listeners the controller uses.',
  ),
  brokerConfig(
    'default.replication.factor',
    int,
    false,
    '1',
    notSet,
    'Replicas of automatically created topics.',
  ),
  brokerConfig('delete.topic.enable', boolean, false, 'true', notSet, 'Whether topics can be deleted.'),
  brokerConfig(
    'group.initial.rebalance.delay.ms',
    int,
    false,
    '3000',
    setTo('0'),
    'How long a new group waits for more members before its first rebalance.',
  ),
  brokerConfig(
    'listeners',
    list,
    true,
    'PLAINTEXT://:9092',
    (broker) => `${listener(broker)},CONTROLLER://localhost:9093`,
    'Addresses the broker listens on.',
  ),
  brokerConfig('log.cleanup.policy', list, true, 'delete', notSet, 'Default cleanup policy of topics.'),
  brokerConfig(
    'log.dirs',
    string,
    false,
    null,
    setTo('/var/lib/kafka/data'),
    'Where partition logs are kept.',
  ),
  brokerConfig('log.retention.bytes', long, true, '-1', notSet, 'Default bytes kept per partition.'),
  brokerConfig(
    'log.retention.check.interval.ms',
    long,
    false,
    '300000',
    setTo('300000'),
    'How often retention is checked.',
  ),
  brokerConfig('log.retention.hours', int, false, '168', setTo('168'), 'Default hours records are kept.'),
  brokerConfig(
    'log.segment.bytes',
    int,
    true,
    '1073741824',
    setTo('1073741824'),
    'Default size of a log segment file.',
  ),
  brokerConfig(
    'message.max.bytes',
    int,
    true,
    '1048588',
    (broker) => (broker.maxBatchBytes === 1048588 ? null : String(broker.maxBatchBytes)),
    'The largest record batch the broker accepts.',
  ),
  brokerConfig(
    'min.insync.replicas',
    int,
    true,
    '1',
    notSet,
    'Default in-sync replicas an acks=all write needs.',
  ),
  brokerConfig(
    'node.id',
    int,
    false,
    '-1',
    (broker) => String(broker.nodeId),
    'This node’s id in the KRaft quorum.',
  ),
  brokerConfig('num.io.threads', int, true, '8', setTo('8'), 'Threads that serve requests.'),
  brokerConfig('num.network.threads', int, true, '3', setTo('3'), 'Threads that read and write the network.'),
  brokerConfig(
    'num.partitions',
    int,
    false,
    '1',
    (broker) => String(broker.defaultPartitions),
    'Partitions of automatically created topics.',
  ),
  brokerConfig(
    'offsets.topic.num.partitions',
    int,
    false,
    '50',
    (broker) => consumerOffsetsPartitions(broker),
    'Partitions of __consumer_offsets.',
  ),
  brokerConfig(
    'offsets.topic.replication.factor',
    short,
    false,
    '3',
    setTo('1'),
    'Replicas of __consumer_offsets.',
  ),
  brokerConfig('process.roles', list, false, null, setTo('broker,controller'), 'The roles this node plays.'),
  brokerConfig(
    'socket.request.max.bytes',
    int,
    false,
    '104857600',
    setTo('104857600'),
    'The largest request the broker reads.',
  ),
  brokerConfig(
    'transaction.state.log.min.isr',
    int,
    false,
    '2',
    notSet,
    'In-sync replicas the transaction log needs.',
  ),
  brokerConfig(
    'transaction.state.log.replication.factor',
    short,
    false,
    '3',
    notSet,
    'Replicas of __transaction_state.',
  ),
  brokerConfig(
    'unclean.leader.election.enable',
    boolean,
    true,
    'false',
    notSet,
    'Whether an out-of-sync replica may become leader.',
  ),
];

function consumerOffsetsPartitions(broker: BrokerState): string | null {
  const count = broker.log.topic('__consumer_offsets')?.partitions.length;
  return count === undefined || count === 50 ? null : String(count);
}

/** What server.properties sets for a broker setting, by name. */
export function configuredBrokerValue(broker: BrokerState, name: string): string | null {
  return brokerConfigs.find((config) => config.name === name)?.configured(broker) ?? null;
}

export function describeBrokerConfigs(broker: BrokerState): DescribedConfig[] {
  return brokerConfigs.map((config) => {
    const configured = config.configured(broker);
    const synonyms: ConfigSynonym[] = [];
    if (configured !== null)
      synonyms.push({ name: config.name, value: configured, source: ConfigSource.staticBroker });
    if (config.default !== null)
      synonyms.push({ name: config.name, value: config.default, source: ConfigSource.default });
    return {
      name: config.name,
      value: configured ?? config.default,
      readOnly: !config.dynamic,
      source: configured !== null ? ConfigSource.staticBroker : ConfigSource.default,
      sensitive: false,
      synonyms,
      type: config.type,
      documentation: config.documentation,
    };
  });
}
