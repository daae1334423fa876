import { z } from 'zod';
import type { HealthState } from '../fleet/fleetModel';
import type { GroupStatus, LagSeverity } from '../kafka/kafkaModel';

/**
 * The platform's topology: who is behind the entry, who calls whom over HTTP, who produces
 * to and consumes from which Kafka topic, and which datastores each service uses.
 *
 * The spec is what cannot be read from ECS or Kafka (it comes from config, or the sandbox's
 * default); the graph is the spec joined with live data, built wherever the data is
 * (renderer, CLI) with `buildTopologyGraph`.
 */

const nameSchema = z.string().min(1).max(255);

export const entryKindSchema = z.enum(['load-balancer', 'api-gateway', 'cdn', 'other']);
export type EntryKind = z.infer<typeof entryKindSchema>;

export const topologySpecSchema = z
  .object({
    /** Where traffic comes in, and the services it sends it to. */
    entries: z
      .array(
        z
          .object({
            name: nameSchema,
            kind: entryKindSchema.default('load-balancer'),
            routesTo: z.array(nameSchema).min(1),
          })
          .strict(),
      )
      .default([]),
    /** Caller service → the services it calls over HTTP. */
    http: z.record(nameSchema, z.array(nameSchema)).default({}),
    /** Service → the topics it produces to. Wins over the service's tags and the naming convention. */
    produces: z.record(nameSchema, z.array(nameSchema)).default({}),
    /**
     * Service → the topics it consumes. Kafka's own view of a group's topics wins when lag data
     * is there; this draws the edges when it is not (another environment, Kafka unreachable).
     */
    consumes: z.record(nameSchema, z.array(nameSchema)).default({}),
    /** Consumer group id → the service that owns it, where the naming convention does not tell. */
    groupOwners: z.record(nameSchema, nameSchema).default({}),
    datastores: z
      .array(
        z
          .object({
            name: nameSchema,
            /** postgres, redis, s3…: shown in details, not in the diagram. */
            kind: z.string().min(1).max(40).optional(),
            usedBy: z.array(nameSchema).min(1),
          })
          .strict(),
      )
      .default([]),
    /** Domain → its services (and topics): the frames of "group by domain". */
    domains: z.record(nameSchema, z.array(nameSchema)).default({}),
  })
  .strict();
export type TopologySpec = z.infer<typeof topologySpecSchema>;
export type TopologySpecInput = z.input<typeof topologySpecSchema>;

export const emptyTopologySpec: TopologySpec = topologySpecSchema.parse({});

/**
 * Where an edge (or a domain) came from, in order of precedence: the console's config, the
 * service's ECS tags, the naming convention. `kafka` is the lag monitor's own attribution
 * of a group, used only when none of the three can tell.
 */
export type EdgeSource = 'config' | 'tags' | 'convention' | 'kafka';

/** The values a service box shows; null on a service node the spec names but the fleet does not have. */
export interface ServiceState {
  clusterName: string;
  health: HealthState;
  healthReason: string;
  runningCount: number;
  desiredCount: number;
  pendingCount: number;
  family: string;
  revision: number;
}

/**
 * What CloudWatch says of a service, on its box: the newest minute's 5XX share and p99
 * latency (within the last few minutes, or null), and its alarms in ALARM. Present on every
 * service box when the graph is drawn with metrics, so boxes keep one size whatever the values.
 */
export interface ServiceVitals {
  /** The console has metrics for the service. */
  measured: boolean;
  loadBalanced: boolean;
  /** A fraction: 0.14 is 14 %. */
  errorRate: number | null;
  /** Seconds, as CloudWatch gives TargetResponseTime. */
  p99: number | null;
  /** Names of the service's alarms in ALARM. */
  alarms: string[];
}

export interface GroupLag {
  kafkaCluster: string;
  groupId: string;
  /** Burrow's group status: the word on the edge. */
  burrowStatus: GroupStatus;
  /** The worse of Burrow's status and the console's findings: the edge's colour. */
  severity: LagSeverity;
  totalLag: number;
  statusReason: string;
  /** "payment-process/2 STALL", the partition Burrow's status comes from. */
  worstPartition: string | null;
  /** The console's own findings by name ("no consumer assigned"). */
  findings: string[];
}

interface NodeBase {
  /** Stable across refreshes: `<kind>:<name>`. */
  id: string;
  name: string;
  /** From config, or the service's `flarenet:domain` tag; null when neither says. */
  domain: string | null;
}

export type TopologyNode =
  | (NodeBase & { kind: 'entry'; entryKind: EntryKind })
  | (NodeBase & { kind: 'service'; state: ServiceState | null; vitals?: ServiceVitals })
  | (NodeBase & { kind: 'topic' })
  | (NodeBase & { kind: 'datastore'; datastoreKind: string | null })
  /** A consumer group no service could be found for: drawn on its own so its lag is not lost. */
  | (NodeBase & { kind: 'group' })
  /**
   * Many nodes of one domain (or one cluster) in one box, in the problem view of a large
   * platform (see problemView.ts): what they are and their health, counted.
   */
  | (NodeBase & { kind: 'summary'; summary: TopologySummary });

/** What a summary box stands for. Health is counted as the data says: stale and missing apart. */
export interface TopologySummary {
  /** The domain or cluster: the box's title. */
  label: string;
  by: 'domain' | 'cluster' | 'kind';
  /** Some of the group are drawn in boxes of their own: the box stands for the rest. */
  partial: boolean;
  /** The graph node ids it stands for. */
  memberIds: string[];
  services: number;
  topics: number;
  groups: number;
  datastores: number;
  /** Services by health; `no data` for services named in the topology but not in the fleet. */
  health: Partial<Record<HealthState | 'no data', number>>;
}

export type TopologyNodeKind = TopologyNode['kind'];

interface EdgeBase {
  /** Stable across refreshes. */
  id: string;
  from: string;
  to: string;
  source: EdgeSource;
}

export type TopologyEdge =
  | (EdgeBase & { kind: 'http' })
  | (EdgeBase & { kind: 'produces' })
  /**
   * Topic → the service owning the group (or the group node). `source` says how the owner was
   * found; `lag` is null when the lag monitor has not seen the group (declared in config only).
   */
  | (EdgeBase & { kind: 'consumes'; groupId: string; lag: GroupLag | null })
  | (EdgeBase & { kind: 'uses' });

export interface TopologyGraph {
  environment: string;
  /** ECS clusters the services were read from. */
  clusters: string[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** When the fleet data was generated (epoch ms). */
  fleetAt: number;
  /** When the lag data was generated; null when there was none. */
  lagAt: number | null;
  /** Things the diagram cannot show that a reader must know ("flarenet-staging: data 2 min old"). */
  notes: string[];
}

export function nodeId(kind: TopologyNodeKind, name: string): string {
  return `${kind}:${name}`;
}

/**
 * One severity for everything drawn, so the renderer colours boxes and edges alike:
 * service health and group status mapped onto the same scale.
 */
export type TopologySeverity = 'ok' | 'info' | 'warn' | 'error' | 'unknown' | 'none';

export function healthSeverity(health: HealthState | null): TopologySeverity {
  switch (health) {
    case 'healthy':
      return 'ok';
    case 'deploying':
      return 'info';
    case 'degraded':
      return 'warn';
    case 'failed':
      return 'error';
    case 'stale':
    case null:
      return 'unknown';
  }
}

export function groupSeverity(severity: LagSeverity | null): TopologySeverity {
  return severity ?? 'unknown';
}

const severityRank: Record<TopologySeverity, number> = {
  none: 0,
  ok: 1,
  unknown: 2,
  info: 3,
  warn: 4,
  error: 5,
};

export function worstSeverity(severities: Iterable<TopologySeverity>): TopologySeverity {
  let worst: TopologySeverity = 'none';
  for (const severity of severities) if (severityRank[severity] > severityRank[worst]) worst = severity;
  return worst;
}
