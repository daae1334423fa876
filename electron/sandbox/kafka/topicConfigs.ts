import type { KafkaTopic } from './brokerLog';
import {
  ConfigSource,
  type ConfigSynonym,
  ConfigType,
  type ConfigTypeId,
  configuredBrokerValue,
  type DescribedConfig,
} from './brokerConfigs';
import type { BrokerState } from './kafkaApi';

/**
 * Topic-level settings as DescribeConfigs shows them: the topic's own value where it has one
 * (DYNAMIC_TOPIC_CONFIG), else the broker setting it falls back to, with that setting's
 * default among the synonyms.
 */

const longMax = '9223372036854775807';
const sevenDaysMs = '604800000';

interface TopicConfig {
  name: string;
  type: ConfigTypeId;
  fallback: string;
  /** The broker setting a topic without its own value takes, with that setting's default. */
  brokerSetting: { name: string; default: string } | null;
  documentation: string;
}

const { boolean, string, int, long, double, list } = ConfigType;

const topicConfig = (
  name: string,
  type: ConfigTypeId,
  fallback: string,
  brokerSetting: string | null,
  documentation: string,
  brokerDefault = fallback,
): TopicConfig => ({
  name,
  type,
  fallback,
  brokerSetting: brokerSetting === null ? null : { name: brokerSetting, default: brokerDefault },
  documentation,
});

const topicConfigs: readonly TopicConfig[] = [
  topicConfig(
    'cleanup.policy',
    list,
    'delete',
    'log.cleanup.policy',
    'Whether old segments are deleted or compacted.',
  ),
  topicConfig(
    'compression.type',
    string,
    'producer',
    'compression.type',
    'The codec batches are stored with; producer keeps theirs.',
  ),
  topicConfig(
    'delete.retention.ms',
    long,
    '86400000',
    'log.cleaner.delete.retention.ms',
    'How long tombstones are kept on compacted topics.',
  ),
  topicConfig(
    'file.delete.delay.ms',
    long,
    '60000',
    'log.segment.delete.delay.ms',
    'How long a segment waits before it is deleted from disk.',
  ),
  topicConfig(
    'flush.messages',
    long,
    longMax,
    'log.flush.interval.messages',
    'Messages written between forced flushes.',
  ),
  topicConfig('flush.ms', long, longMax, null, 'Time between forced flushes.'),
  topicConfig(
    'follower.replication.throttled.replicas',
    list,
    '',
    null,
    'Replicas whose follower replication is throttled.',
  ),
  topicConfig(
    'index.interval.bytes',
    int,
    '4096',
    'log.index.interval.bytes',
    'Bytes between offset index entries.',
  ),
  topicConfig(
    'leader.replication.throttled.replicas',
    list,
    '',
    null,
    'Replicas whose leader replication is throttled.',
  ),
  topicConfig(
    'local.retention.bytes',
    long,
    '-2',
    'log.local.retention.bytes',
    'Local bytes kept when tiered storage is on.',
  ),
  topicConfig(
    'local.retention.ms',
    long,
    '-2',
    'log.local.retention.ms',
    'Local time kept when tiered storage is on.',
  ),
  topicConfig(
    'max.compaction.lag.ms',
    long,
    longMax,
    'log.cleaner.max.compaction.lag.ms',
    'Longest a message stays uncompacted.',
  ),
  topicConfig(
    'max.message.bytes',
    int,
    '1048588',
    'message.max.bytes',
    'The largest record batch the topic accepts.',
  ),
  topicConfig(
    'message.timestamp.after.max.ms',
    long,
    longMax,
    'log.message.timestamp.after.max.ms',
    'How far ahead of the broker a timestamp may be.',
  ),
  topicConfig(
    'message.timestamp.before.max.ms',
    long,
    longMax,
    'log.message.timestamp.before.max.ms',
    'How far behind the broker a timestamp may be.',
  ),
  topicConfig(
    'message.timestamp.type',
    string,
    'CreateTime',
    'log.message.timestamp.type',
    'CreateTime or LogAppendTime.',
  ),
  topicConfig(
    'min.cleanable.dirty.ratio',
    double,
    '0.5',
    'log.cleaner.min.cleanable.ratio',
    'Share of the log uncompacted before the cleaner runs.',
  ),
  topicConfig(
    'min.compaction.lag.ms',
    long,
    '0',
    'log.cleaner.min.compaction.lag.ms',
    'Shortest a message stays uncompacted.',
  ),
  topicConfig(
    'min.insync.replicas',
    int,
    '1',
    'min.insync.replicas',
    'In-sync replicas an acks=all write needs.',
  ),
  topicConfig('preallocate', boolean, 'false', 'log.preallocate', 'Whether segment files are preallocated.'),
  topicConfig('remote.storage.enable', boolean, 'false', null, 'Whether tiered storage is on for the topic.'),
  topicConfig(
    'retention.bytes',
    long,
    '-1',
    'log.retention.bytes',
    'Bytes kept per partition before old segments go; -1 for no limit.',
  ),
  topicConfig(
    'retention.ms',
    long,
    sevenDaysMs,
    'log.retention.hours',
    'How long records are kept before old segments go.',
    '168',
  ),
  topicConfig('segment.bytes', int, '1073741824', 'log.segment.bytes', 'The size of a log segment file.'),
  topicConfig(
    'segment.index.bytes',
    int,
    '10485760',
    'log.index.size.max.bytes',
    'The size of a segment’s offset index.',
  ),
  topicConfig(
    'segment.jitter.ms',
    long,
    '0',
    'log.roll.jitter.hours',
    'Random jitter subtracted from segment.ms.',
  ),
  topicConfig(
    'segment.ms',
    long,
    sevenDaysMs,
    'log.roll.hours',
    'Time after which a segment is rolled.',
    '168',
  ),
  topicConfig(
    'unclean.leader.election.enable',
    boolean,
    'false',
    'unclean.leader.election.enable',
    'Whether an out-of-sync replica may become leader.',
  ),
];

export function describeTopicConfigs(broker: BrokerState, topic: KafkaTopic): DescribedConfig[] {
  return topicConfigs.map((config) => {
    const synonyms: ConfigSynonym[] = [];
    const own = topic.configs.get(config.name);
    if (own !== undefined) synonyms.push({ name: config.name, value: own, source: ConfigSource.topic });
    const setting = config.brokerSetting;
    if (setting) {
      const configured = configuredBrokerValue(broker, setting.name);
      if (configured !== null)
        synonyms.push({ name: setting.name, value: configured, source: ConfigSource.staticBroker });
      synonyms.push({ name: setting.name, value: setting.default, source: ConfigSource.default });
    }
    // Broker settings in other units (hours) are at their defaults here, so the topic's value is too.
    const brokerValue =
      setting && setting.default === config.fallback ? configuredBrokerValue(broker, setting.name) : null;
    const first = synonyms[0];
    return {
      name: config.name,
      value: own !== undefined ? own : (brokerValue ?? config.fallback),
      readOnly: false,
      source: first?.source ?? ConfigSource.default,
      sensitive: false,
      synonyms,
      type: config.type,
      documentation: config.documentation,
    };
  });
}
