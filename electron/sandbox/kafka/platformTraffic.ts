import type { EcsSimulation } from '../ecsSimulation';
import type { SimTask } from '../ecsModel';
import type { SandboxPace } from '../sandboxPace';
import { createSeededRandom, type SeededRandom } from '../seededRandom';
import { isHealthy, isRunning } from '../taskLifecycle';
import type { BrokerLog } from './brokerLog';
import type { GroupCoordinator } from './groupCoordinator';
import {
  type ConsumerGroupBlueprint,
  kafkaLayout,
  type KafkaLayout,
  type KafkaScale,
} from './kafkaCatalogue';
import { partitionForKey } from './keyPartitioner';
import type { NewRecord } from './recordBatch';
import { SagaMessageFactory } from './sagaMessages';
import {
  type ConsumerBehaviour,
  type ConsumerPace,
  type ConsumerTask,
  SimulatedConsumerGroup,
} from './simulatedConsumerGroup';

export interface PlatformTrafficOptions {
  log: BrokerLog;
  coordinator: GroupCoordinator;
  simulation: EcsSimulation;
  seed: number;
  pace: SandboxPace;
  /** The ECS cluster whose services produce and consume; default flarenet-production. */
  clusterName?: string;
  scale?: KafkaScale;
}

export interface PartitionLagView {
  topic: string;
  partition: number;
  endOffset: number;
  committedOffset: number | null;
  lag: number;
}

/** Traffic steps longer than this (a stalled timer) are cut short rather than replayed as one burst. */
const longestStepMs = 10_000;

/**
 * FlareNet's Kafka traffic, coupled to the ECS simulation: each producing service appends
 * events at its rate while it has a healthy task, and each consumer group has one member per
 * running task of its service. Everything is drawn from its own seeded random source and
 * moved by `step(now)`, so a manual clock gives the same history every time.
 */
export class PlatformTraffic {
  private currentLayout: KafkaLayout;
  private readonly random: SeededRandom;
  private readonly messages: SagaMessageFactory;
  private readonly groups = new Map<string, SimulatedConsumerGroup>();
  private readonly clusterName: string;
  private readonly consumerPace: ConsumerPace;
  private lastStepAt: number | null = null;
  private readonly lastConsumers = new Map<string, readonly ConsumerTask[]>();

  constructor(private readonly options: PlatformTrafficOptions) {
    this.random = createSeededRandom(options.seed ^ 0x6b61666b);
    this.messages = new SagaMessageFactory(this.random);
    this.clusterName = options.clusterName ?? 'flarenet-production';
    this.currentLayout = kafkaLayout(options.scale);
    const { log } = options;
    for (const topic of this.layout.topics) {
      if (log.topic(topic)) continue;
      const rate = this.produceRate(topic);
      const partitions = this.layout.partitionsPerTopic;
      // Topics that have run for weeks: offsets far from zero, the old records gone to retention.
      log.createTopic(topic, partitions, {
        firstOffset: () => Math.round((rate * this.random.int(5, 40) * 86_400) / partitions),
      });
    }
    this.consumerPace = {
      heartbeatMs: options.pace.consumerHeartbeatMs,
      sessionTimeoutMs: options.pace.consumerSessionTimeoutMs,
      commitIntervalMs: options.pace.consumerCommitIntervalMs,
      revokeMs: options.pace.consumerHeartbeatMs / 6,
      rewindEveryMs: options.pace.consumerCommitIntervalMs * 30,
    };
    for (const blueprint of this.layout.groups) this.addGroup(blueprint);
  }

  /**
   * Runs this many consumer groups from now on: new ones start caught up, as groups that
   * have been running; dropped ones are consumers shut down cleanly (they commit and leave),
   * so their offsets stay on the broker as a real cluster's would.
   */
  resizeGroups(count: number): void {
    const layout = kafkaLayout({ ...this.options.scale, groups: count });
    const kept = new Set(layout.groups.map((blueprint) => blueprint.groupId));
    for (const [groupId, group] of this.groups) {
      if (kept.has(groupId)) continue;
      group.step(this.options.simulation.now(), 0, []);
      this.groups.delete(groupId);
    }
    for (const blueprint of layout.groups) if (!this.groups.has(blueprint.groupId)) this.addGroup(blueprint);
    this.currentLayout = layout;
  }

  private addGroup(blueprint: ConsumerGroupBlueprint): void {
    const { log, coordinator } = this.options;
    this.groups.set(
      blueprint.groupId,
      new SimulatedConsumerGroup(blueprint, coordinator, log, this.random, this.consumerPace),
    );
    // The group has been running: it starts caught up, with a commit on every partition.
    if (coordinator.committedOffsets(blueprint.groupId).length) return;
    const commits = blueprint.topics.flatMap((topic) =>
      (log.topic(topic)?.partitions ?? []).map((partition) => ({
        topic,
        partition: partition.partition,
        offset: partition.endOffset,
        leaderEpoch: 0,
        metadata: '',
      })),
    );
    coordinator.commitOffsets(blueprint.groupId, '', -1, commits);
  }

  /** Topics, producers and groups as they run now. */
  get layout(): KafkaLayout {
    return this.currentLayout;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  behaviourOf(groupId: string): ConsumerBehaviour | undefined {
    return this.groups.get(groupId)?.behaviour;
  }

  /** Makes a group misbehave (or behave again); throws naming the groups when this one is not simulated. */
  setBehaviour(groupId: string, behaviour: ConsumerBehaviour): string {
    const group = this.groups.get(groupId);
    if (!group)
      throw new Error(
        `"${groupId}" is not one of the sandbox's consumer groups. They are: ${this.groupIds().join(', ')}.`,
      );
    group.setBehaviour(behaviour, this.options.simulation.now());
    const topics = group.blueprint.topics.join(', ');
    switch (behaviour) {
      case 'stall':
        return `Consumer group ${groupId} stalls: it keeps committing the same offsets on ${topics} while its lag grows.`;
      case 'stop':
        return `Consumer group ${groupId} stops: its consumers leave the group and commit nothing more on ${topics}.`;
      case 'rewind':
        return `Consumer group ${groupId} moves its committed offsets on ${topics} back now and every ${Math.round(this.consumerPace.rewindEveryMs / 1000)} s.`;
      case 'normal':
        return `Consumer group ${groupId} consumes and commits normally again.`;
    }
  }

  /** End offset, committed offset and lag of every partition the group subscribes to. */
  partitionLag(groupId: string): PartitionLagView[] {
    const topics = this.groups.get(groupId)?.blueprint.topics ?? [];
    return topics.flatMap((topic) =>
      (this.options.log.topic(topic)?.partitions ?? []).map((partition) => {
        const committed =
          this.options.coordinator.committed(groupId, topic, partition.partition)?.offset ?? null;
        return {
          topic,
          partition: partition.partition,
          endOffset: partition.endOffset,
          committedOffset: committed,
          lag: committed === null ? 0 : Math.max(0, partition.endOffset - committed),
        };
      }),
    );
  }

  totalLag(groupId: string): number {
    return this.partitionLag(groupId).reduce((sum, partition) => sum + partition.lag, 0);
  }

  /** Moves producers and consumer groups to `now`. */
  step(now: number): void {
    const elapsed =
      this.lastStepAt === null ? 0 : Math.min(Math.max(now - this.lastStepAt, 0), longestStepMs);
    if (this.lastStepAt !== null && elapsed === 0) return;
    this.lastStepAt = now;
    const cluster = this.options.simulation.findCluster(this.clusterName);
    const tasksOf = (service: string): readonly SimTask[] => cluster?.services.get(service)?.tasks ?? [];
    if (elapsed > 0) this.produce(now, elapsed, tasksOf);
    const consumersNow = new Map<string, readonly ConsumerTask[]>();
    for (const group of this.groups.values()) {
      const service = group.blueprint.service;
      let consumers = consumersNow.get(service);
      if (!consumers) {
        consumers = this.consumersOf(service, tasksOf(service));
        consumersNow.set(service, consumers);
      }
      group.step(now, elapsed, consumers);
    }
    this.options.coordinator.checkTimeouts();
  }

  /**
   * The service's consumer tasks, as the same array while they have not changed: thousands
   * of groups run on a handful of services, and each group skips its membership check
   * when its service's consumers are the ones it saw last.
   */
  private consumersOf(service: string, tasks: readonly SimTask[]): readonly ConsumerTask[] {
    const current = tasks.filter(isConsumerTask).map(consumerTask);
    const previous = this.lastConsumers.get(service);
    if (previous && sameConsumers(previous, current)) return previous;
    this.lastConsumers.set(service, current);
    return current;
  }

  private produce(now: number, elapsedMs: number, tasksOf: (service: string) => readonly SimTask[]): void {
    // A slow daily-looking swell, so rates are not flat lines.
    const swell = 1 + 0.15 * Math.sin((2 * Math.PI * now) / 600_000);
    for (const producer of this.layout.producers) {
      if (!tasksOf(producer.service).some(isHealthy)) continue;
      const count = poisson(this.random, (producer.messagesPerSecond * swell * elapsedMs) / 1000);
      if (count === 0) continue;
      const topic = this.options.log.topic(producer.topic);
      if (!topic) continue;
      const byPartition = new Map<number, NewRecord[]>();
      for (let i = 0; i < count; i++) {
        const record = this.messages.next(producer.topic, producer.service, now);
        const partition = partitionForKey(String(record.key), topic.partitions.length);
        byPartition.set(partition, [...(byPartition.get(partition) ?? []), record]);
      }
      for (const [partition, records] of byPartition)
        this.options.log.appendRecords(topic.partitions[partition]!, records, now);
    }
  }

  private produceRate(topic: string): number {
    return this.layout.producers
      .filter((producer) => producer.topic === topic)
      .reduce((sum, producer) => sum + producer.messagesPerSecond, 0);
  }
}

/** A running task whose health check has not failed: its application is up and in the group. */
const isConsumerTask = (task: SimTask): boolean => isRunning(task) && task.verdict !== 'failed';

function consumerTask(task: SimTask): ConsumerTask {
  const address = task.task.attachments?.[0]?.details?.find((detail) => detail.name === 'privateIPv4Address');
  return { taskId: task.id, host: address?.value ?? '10.0.0.1', processes: task.outcome === 'healthy' };
}

function sameConsumers(a: readonly ConsumerTask[], b: readonly ConsumerTask[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (task, index) =>
        task.taskId === b[index]!.taskId &&
        task.host === b[index]!.host &&
        task.processes === b[index]!.processes,
    )
  );
}

/** A Poisson-distributed count with this mean (normal approximation for large means). */
function poisson(random: SeededRandom, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}
