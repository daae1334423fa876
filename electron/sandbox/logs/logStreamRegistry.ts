import type { ContainerDefinition, TaskStopCode } from '@aws-sdk/client-ecs';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxAccountId } from '../sandboxArns';
import type { SimTask, TaskOutcome } from '../ecsModel';
import type { EcsSimulation } from '../ecsSimulation';
import { serviceLogProfile, type ServiceLogProfile } from './serviceLogProfiles';

/**
 * The log groups and streams of the simulated account, as the awslogs driver creates them:
 * a group per `awslogs-group` in the task definitions, a stream `<prefix>/<container>/<taskId>`
 * per container of every task once it runs. Streams outlive their tasks (the simulation
 * forgets stopped tasks after an hour, CloudWatch keeps their logs), up to a bound per group.
 * Only what a stream's lines depend on is kept; the lines themselves are generated on demand
 * (logEventGenerator.ts).
 */

export interface LogStreamFacts {
  readonly groupName: string;
  readonly streamName: string;
  readonly taskId: string;
  readonly clusterName: string;
  readonly profile: ServiceLogProfile;
  /** Stable per stream and seed: every random choice about its lines derives from it. */
  readonly hash: number;
  readonly outcome: TaskOutcome;
  /** When the container started: the stream's first line. */
  readonly startedAt: number;
  /** When the container was told to stop, or crashed; null while it runs. */
  stoppingAt: number | null;
  /** When the container exited: the stream's last line; null while it runs. */
  endsAt: number | null;
  stopCode: TaskStopCode | null;
}

export interface LogGroupRecord {
  name: string;
  arn: string;
  creationTime: number;
}

export const logGroupRetentionDays = 30;
const defaultMaxStreamsPerGroup = 500;

export function logGroupArn(name: string): string {
  return `arn:aws:logs:${sandboxRegion}:${sandboxAccountId}:log-group:${name}`;
}

export class LogStreamRegistry {
  private readonly streams = new Map<string, Map<string, LogStreamFacts>>();
  /** The simulation's task behind each stream that is still in the simulation. */
  private readonly live = new Map<LogStreamFacts, SimTask>();

  constructor(
    private readonly simulation: EcsSimulation,
    private readonly seed: number,
    private readonly maxStreamsPerGroup = defaultMaxStreamsPerGroup,
  ) {}

  /** Brings streams up to date with the simulation; call after the simulation has ticked. */
  refresh(): void {
    const seen = new Set<LogStreamFacts>();
    for (const cluster of this.simulation.listClusters()) {
      for (const service of cluster.services.values()) {
        for (const task of service.tasks) {
          const startedAt = task.task.startedAt?.getTime();
          if (startedAt === undefined) continue;
          for (const container of this.loggingContainers(task)) {
            const facts = this.streamFor(cluster.name, task, container, startedAt);
            updateFacts(facts, task);
            this.live.set(facts, task);
            seen.add(facts);
          }
        }
      }
    }
    for (const facts of [...this.live.keys()]) {
      if (seen.has(facts)) continue;
      // The task left the simulation (stopped long ago, or the fleet was rebuilt): its stream is final.
      this.live.delete(facts);
      facts.endsAt ??= facts.stoppingAt ?? this.simulation.now();
      facts.stoppingAt ??= facts.endsAt;
    }
  }

  groups(): LogGroupRecord[] {
    const groups = new Map<string, LogGroupRecord>();
    const registry = this.simulation.taskDefinitions;
    const arns = [...registry.list({ status: 'ACTIVE' }), ...registry.list({ status: 'INACTIVE' })];
    for (const arn of arns) {
      const definition = registry.find(arn)?.taskDefinition;
      const registeredAt = definition?.registeredAt?.getTime() ?? 0;
      for (const container of definition?.containerDefinitions ?? []) {
        const name = awslogsOptions(container)?.group;
        if (!name) continue;
        const known = groups.get(name);
        if (!known || registeredAt < known.creationTime)
          groups.set(name, { name, arn: logGroupArn(name), creationTime: registeredAt });
      }
    }
    for (const name of this.streams.keys()) {
      if (!groups.has(name)) groups.set(name, { name, arn: logGroupArn(name), creationTime: 0 });
    }
    return [...groups.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findGroup(name: string): LogGroupRecord | undefined {
    return this.groups().find((group) => group.name === name);
  }

  /** The group's streams, by name. */
  streamsOf(groupName: string): LogStreamFacts[] {
    return [...(this.streams.get(groupName)?.values() ?? [])].sort((a, b) =>
      a.streamName < b.streamName ? -1 : a.streamName > b.streamName ? 1 : 0,
    );
  }

  private loggingContainers(task: SimTask): ContainerDefinition[] {
    const arn = task.task.taskDefinitionArn ?? '';
    const definition = this.simulation.taskDefinitions.find(arn)?.taskDefinition;
    return (definition?.containerDefinitions ?? []).filter((container) => awslogsOptions(container) !== null);
  }

  private streamFor(
    clusterName: string,
    task: SimTask,
    container: ContainerDefinition,
    startedAt: number,
  ): LogStreamFacts {
    const options = awslogsOptions(container)!;
    const streamName = `${options.prefix}/${container.name}/${task.id}`;
    let group = this.streams.get(options.group);
    if (!group) {
      group = new Map();
      this.streams.set(options.group, group);
    }
    let facts = group.get(streamName);
    if (!facts) {
      facts = {
        groupName: options.group,
        streamName,
        taskId: task.id,
        clusterName,
        profile: serviceLogProfile(container),
        hash: hashText(`${this.seed}:${streamName}`),
        outcome: task.outcome,
        startedAt,
        stoppingAt: null,
        endsAt: null,
        stopCode: null,
      };
      group.set(streamName, facts);
      this.evictOldest(group);
    }
    return facts;
  }

  private evictOldest(group: Map<string, LogStreamFacts>): void {
    if (group.size <= this.maxStreamsPerGroup) return;
    const ended = [...group.values()]
      .filter((facts) => facts.endsAt !== null)
      .sort((a, b) => a.endsAt! - b.endsAt!);
    for (const facts of ended.slice(0, group.size - this.maxStreamsPerGroup)) {
      group.delete(facts.streamName);
      this.live.delete(facts);
    }
  }
}

function updateFacts(facts: LogStreamFacts, simTask: SimTask): void {
  const { task } = simTask;
  if (task.stoppingAt && facts.stoppingAt === null) {
    facts.stoppingAt = task.stoppingAt.getTime();
    facts.stopCode = task.stopCode ?? null;
  }
  if (facts.endsAt !== null) return;
  // A crash ends the container at once; a stop request ends it when execution stops.
  if (
    simTask.outcome === 'crashes' &&
    facts.stoppingAt !== null &&
    task.stopCode === 'EssentialContainerExited'
  )
    facts.endsAt = facts.stoppingAt;
  else if (task.executionStoppedAt) facts.endsAt = task.executionStoppedAt.getTime();
}

export function awslogsOptions(
  container: ContainerDefinition,
): { group: string; prefix: string; region: string } | null {
  const configuration = container.logConfiguration;
  if (configuration?.logDriver !== 'awslogs') return null;
  const group = configuration.options?.['awslogs-group'];
  const prefix = configuration.options?.['awslogs-stream-prefix'];
  if (!group || !prefix) return null;
  return { group, prefix, region: configuration.options?.['awslogs-region'] ?? sandboxRegion };
}

/** FNV-1a: a stable 32-bit number for a text. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
