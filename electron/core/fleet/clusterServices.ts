import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import { compareText } from '../../../shared/compareText';
import { deepEqual } from '../../../shared/deepEqual';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { describeServices, listServiceArns, type TaskDefinitionImages } from './ecsFleetReader';
import { isDeploying } from './serviceSummary';

/**
 * What one cluster's polls know of its services, and which ECS calls the next poll needs.
 *
 * Membership (ListServices) is read on the first poll, on a slower cadence, when asked for
 * (a manual refresh), and at once when DescribeServices says a known service is MISSING or
 * INACTIVE. Between listings a poll describes the services it knows. A quiet service (one
 * settled deployment, every task running, nothing new in its events) changes only through
 * an action, a deployment or a failure that ECS reports in the same answer that would show
 * it, so it is described on a slower cadence; every other service is described each poll.
 * Each service keeps the time it was last read.
 */

export interface ServiceCadence {
  /** How often the membership is listed again with no other reason to. */
  membershipIntervalMs: number;
  /** A quiet service is described once in this many polls… */
  quietEveryPolls: number;
  /** …and never later than this after its last description. */
  quietMaxAgeMs: number;
}

export const defaultServiceCadence: ServiceCadence = {
  membershipIntervalMs: 60_000,
  quietEveryPolls: 3,
  quietMaxAgeMs: 15_000,
};

/** A service whose newest event is younger than this is watched every poll. */
const recentEventMs = 60_000;

export interface ClusterReadContext {
  client: ECSClient;
  /** The cluster's name or ARN, as ECS calls are made with. */
  cluster: string;
  images: TaskDefinitionImages;
  signal: AbortSignal;
  now: () => number;
  summarize: (service: Service, image: string | null, observedAt: number) => ServiceSummary;
}

interface KnownService {
  arn: string;
  summary: ServiceSummary | null;
  readAt: number;
  /** Its last description differed from the one before. */
  changed: boolean;
  /** Which of the quiet polls describes it, so the quiet services spread evenly over them. */
  phase: number;
}

export class ClusterServices {
  /** By service name, unique within a cluster. */
  private readonly known = new Map<string, KnownService>();
  private listedAt: number | null = null;
  private relistRequested = true;
  private describeAllRequested = true;
  private polls = 0;
  private sorted: ServiceSummary[] | null = null;

  constructor(private readonly cadence: ServiceCadence) {}

  /** The next poll lists the membership again and describes every service. */
  requestFullRead(): void {
    this.relistRequested = true;
    this.describeAllRequested = true;
  }

  /** The next poll describes every service (after a failure, so the cluster is wholly fresh again). */
  requestDescribeAll(): void {
    this.describeAllRequested = true;
  }

  /** The services read so far, by name; each with the time it was last described. */
  summaries(): ServiceSummary[] {
    this.sorted ??= [...this.known.values()]
      .flatMap((entry) => (entry.summary ? [entry.summary] : []))
      .sort((a, b) => compareText(a.serviceName, b.serviceName) || compareText(a.key, b.key));
    return this.sorted;
  }

  /** When the least recently described service was described; null while none has been. */
  oldestReadAt(): number | null {
    let oldest: number | null = null;
    for (const entry of this.known.values()) {
      if (entry.summary && (oldest === null || entry.readAt < oldest)) oldest = entry.readAt;
    }
    return oldest;
  }

  /** One poll's ECS calls. Throws what ECS throws; what was read before the failure is kept. */
  async read(context: ClusterReadContext): Promise<void> {
    const relist = this.relistRequested;
    const describeAll = this.describeAllRequested;
    this.relistRequested = false;
    this.describeAllRequested = false;
    this.polls += 1;
    try {
      await this.readOnce(context, relist, describeAll);
    } catch (error) {
      this.relistRequested ||= relist;
      this.describeAllRequested = true;
      throw error;
    }
  }

  private async readOnce(context: ClusterReadContext, relist: boolean, describeAll: boolean): Promise<void> {
    const startedAt = context.now();
    let listed = false;
    if (relist || this.listedAt === null || startedAt - this.listedAt >= this.cadence.membershipIntervalMs) {
      await this.list(context, startedAt);
      listed = true;
    }
    let arns = [...this.known.values()]
      .filter((entry) => describeAll || this.isDue(entry, startedAt))
      .map((entry) => entry.arn);
    for (;;) {
      const membershipChanged = await this.describe(context, arns);
      if (!membershipChanged || listed) return;
      // A service went away, so others may have come: list now and describe the new ones.
      await this.list(context, context.now());
      listed = true;
      arns = [...this.known.values()].filter((entry) => entry.summary === null).map((entry) => entry.arn);
      if (arns.length === 0) return;
    }
  }

  private async list(context: ClusterReadContext, at: number): Promise<void> {
    const arns = await listServiceArns(context.client, context.cluster, context.signal);
    const listed = new Map(arns.map((arn) => [resourceNameFromArn(arn), arn]));
    for (const name of this.known.keys()) {
      if (!listed.has(name)) this.known.delete(name);
    }
    for (const [name, arn] of listed) {
      if (this.known.has(name)) continue;
      this.known.set(name, {
        arn,
        summary: null,
        readAt: 0,
        changed: false,
        phase: phaseOf(name, this.cadence),
      });
    }
    this.listedAt = at;
    this.sorted = null;
  }

  /** Describes `arns`; true when a known service turned out MISSING or INACTIVE. */
  private async describe(context: ClusterReadContext, arns: string[]): Promise<boolean> {
    if (arns.length === 0) return false;
    const answer = await describeServices(context.client, context.cluster, arns, context.signal);
    const images = await context.images.imagesOf(
      answer.services.map((service) => service.taskDefinition ?? ''),
      context.signal,
    );
    const readAt = context.now();
    let membershipChanged = false;
    for (const arn of answer.missing) {
      membershipChanged = this.known.delete(resourceNameFromArn(arn)) || membershipChanged;
    }
    for (const service of answer.services) {
      const name = service.serviceName ?? resourceNameFromArn(service.serviceArn ?? '');
      if (service.status === 'INACTIVE') {
        membershipChanged = this.known.delete(name) || membershipChanged;
        continue;
      }
      const entry = this.known.get(name);
      if (!entry) continue;
      const summary = context.summarize(service, images.get(service.taskDefinition ?? '') ?? null, readAt);
      const previous = entry.summary;
      entry.changed = previous !== null && !sameIgnoringObservedAt(previous, summary);
      // Unchanged but for its read time: the fields keep their objects, so the fleet's diff
      // compares them by identity instead of walking ten thousand services' contents again.
      entry.summary = previous !== null && !entry.changed ? { ...previous, observedAt: readAt } : summary;
      entry.readAt = readAt;
    }
    this.sorted = null;
    return membershipChanged;
  }

  private isDue(entry: KnownService, now: number): boolean {
    if (entry.summary === null || entry.changed || !isQuiet(entry.summary, entry.readAt)) return true;
    if (now - entry.readAt >= this.cadence.quietMaxAgeMs) return true;
    return this.polls % this.cadence.quietEveryPolls === entry.phase;
  }
}

/** Settled, complete and with nothing new to say: what only an outside change can alter. */
function isQuiet(service: ServiceSummary, readAt: number): boolean {
  return (
    service.status === 'ACTIVE' &&
    service.health === 'healthy' &&
    service.deployments.length === 1 &&
    !isDeploying(service) &&
    service.runningCount === service.desiredCount &&
    service.pendingCount === 0 &&
    (service.newestEvent === null || readAt - service.newestEvent.createdAt >= recentEventMs)
  );
}

/** A stable spread of names over the quiet polls (FNV-1a). */
function phaseOf(name: string, cadence: ServiceCadence): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % Math.max(1, cadence.quietEveryPolls);
}

function sameIgnoringObservedAt(a: ServiceSummary, b: ServiceSummary): boolean {
  return deepEqual({ ...a, observedAt: 0 }, { ...b, observedAt: 0 });
}
