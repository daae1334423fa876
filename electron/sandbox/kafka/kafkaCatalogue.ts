/**
 * FlareNet's Kafka traffic as the sandbox runs it in production: the order saga's topics,
 * which service writes each and at what rate, and the consumer groups, named after the
 * service that runs them so the console can pair a group with its ECS service.
 */

export const sagaTopics = [
  'order-created',
  'inventory-reserve',
  'payment-process',
  'saga-response',
  'order-completed',
  'inventory-rollback',
  'notification-send',
  'user-events',
] as const;

export interface ProducerBlueprint {
  service: string;
  topic: string;
  /** Messages per second while the service has a healthy task. */
  messagesPerSecond: number;
}

export interface ConsumerGroupBlueprint {
  groupId: string;
  service: string;
  topics: string[];
  /** What one healthy task gets through, messages per second across its partitions. */
  messagesPerTaskPerSecond: number;
}

export interface KafkaLayout {
  topics: string[];
  partitionsPerTopic: number;
  producers: ProducerBlueprint[];
  groups: ConsumerGroupBlueprint[];
}

/** Sizes for benchmarks; the defaults are FlareNet's own eight topics, three partitions, five groups. */
export interface KafkaScale {
  topics?: number;
  partitionsPerTopic?: number;
  groups?: number;
}

const sagaProducers: ProducerBlueprint[] = [
  { service: 'order-service', topic: 'order-created', messagesPerSecond: 3 },
  { service: 'order-service', topic: 'inventory-reserve', messagesPerSecond: 3 },
  { service: 'order-service', topic: 'payment-process', messagesPerSecond: 2.8 },
  { service: 'order-service', topic: 'inventory-rollback', messagesPerSecond: 0.2 },
  { service: 'order-service', topic: 'order-completed', messagesPerSecond: 2.6 },
  { service: 'order-service', topic: 'notification-send', messagesPerSecond: 2.6 },
  { service: 'inventory-service', topic: 'saga-response', messagesPerSecond: 3 },
  { service: 'payment-service', topic: 'saga-response', messagesPerSecond: 2.8 },
  { service: 'user-service', topic: 'user-events', messagesPerSecond: 5 },
];

const sagaGroups: Array<Omit<ConsumerGroupBlueprint, 'messagesPerTaskPerSecond'>> = [
  { groupId: 'order-service', service: 'order-service', topics: ['saga-response'] },
  {
    groupId: 'inventory-service',
    service: 'inventory-service',
    topics: ['inventory-reserve', 'inventory-rollback'],
  },
  { groupId: 'payment-service', service: 'payment-service', topics: ['payment-process'] },
  {
    groupId: 'notification-service',
    service: 'notification-service',
    topics: ['notification-send', 'order-completed'],
  },
  {
    groupId: 'analytics-service',
    service: 'analytics-service',
    topics: ['user-events', 'order-created', 'order-completed'],
  },
];

/**
 * One healthy task handles this share of its group's whole input, so a service at its
 * usual three or four tasks consumes more than twice what arrives and drains lag after
 * an incident, while a service down to one task falls behind.
 */
const taskShareOfInput = 0.75;

export function kafkaLayout(scale: KafkaScale = {}): KafkaLayout {
  const topicCount = Math.max(1, Math.floor(scale.topics ?? sagaTopics.length));
  const partitionsPerTopic = Math.max(1, Math.floor(scale.partitionsPerTopic ?? 3));
  const groupCount = Math.max(0, Math.floor(scale.groups ?? sagaGroups.length));

  const topics = Array.from({ length: topicCount }, (_, index) =>
    index < sagaTopics.length ? sagaTopics[index]! : `bench-events-${index - sagaTopics.length + 1}`,
  );
  const known = new Set(topics);
  const producers = [
    ...sagaProducers.filter((producer) => known.has(producer.topic)),
    ...topics.slice(sagaTopics.length).map((topic, index) => ({
      service: benchServices[index % benchServices.length]!,
      topic,
      messagesPerSecond: 2,
    })),
  ];
  const rateOf = (topic: string): number =>
    producers
      .filter((producer) => producer.topic === topic)
      .reduce((sum, producer) => sum + producer.messagesPerSecond, 0);

  const blueprints = [
    ...sagaGroups
      .map((group) => ({ ...group, topics: group.topics.filter((topic) => known.has(topic)) }))
      .filter((group) => group.topics.length > 0),
    ...Array.from({ length: Math.max(0, groupCount - sagaGroups.length) }, (_, index) => {
      const service = benchServices[index % benchServices.length]!;
      return { groupId: `${service}-bench-${index + 1}`, service, topics: [topics[index % topics.length]!] };
    }),
  ].slice(0, groupCount);
  const groups = blueprints.map((group) => ({
    ...group,
    messagesPerTaskPerSecond: Math.max(
      1,
      taskShareOfInput * group.topics.reduce((sum, topic) => sum + rateOf(topic), 0),
    ),
  }));
  return { topics, partitionsPerTopic, producers, groups };
}

/** Services that run the extra groups and write the extra topics of a scaled layout. */
const benchServices = ['analytics-service', 'notification-service', 'order-service', 'inventory-service'];
