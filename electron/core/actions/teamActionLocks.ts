import { hostname as machineName } from 'node:os';
import { Kafka } from 'kafkajs';
import type { AuditOutcome } from '../../../shared/actions/actionModel';
import { utcText } from '../../../shared/time/clockText';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError, toIpcError } from '../ipc/consoleError';
import { describeKafkaCluster, kafkaClientConfig } from '../kafka/kafkaConnection';
import type { SecretStore } from '../kafka/secretStore';
import type {
  OperationsHolder,
  OperationsLogConfig,
  OperationsRecord,
  OperationsTarget,
} from '../team/operationsLog';
import { OperationsLogConnection } from '../team/operationsLogConnection';
import { TeamLock, type HeldLease, type LockHolder } from '../team/teamLock';

/**
 * The team-wide lock for actions, on the operations log of the Kafka cluster that serves
 * the action's environment. The per-process lock (ServiceLocks) is taken first; this one
 * then decides between consoles, console hosts and CLIs on different machines.
 */

type LoggedCluster = KafkaClusterConfig & { operationsLog: OperationsLogConfig };

export interface TeamActionLocksOptions {
  /** The configured Kafka clusters; the one whose `environment` is the action's and that has an operations log is used. */
  kafka: () => readonly KafkaClusterConfig[];
  /** Which program this is, as the team's records and refusals name it. */
  via: OperationsHolder['via'];
  /** Where SASL passwords come from; a cluster that needs one cannot be reached without it. */
  secrets?: () => SecretStore | null;
  hostname?: string;
  now: () => number;
  newId: () => string;
  log: (line: string) => void;
}

/** The operations log of a production environment could not be reached: the action was refused. */
export class OperationsLogUnreachable extends ConsoleError {
  constructor(readonly reason: string) {
    super(
      'UNAVAILABLE',
      `Refused on production: ${reason}. To act with this console's lock only, ` +
        'run it again without the team lock (cli: --without-team-lock); that is written to the audit log.',
    );
  }
}

export interface TeamClaimRequest {
  environment: string;
  /** Production refuses to act when the log cannot be reached; other environments act with the local lock only. */
  production: boolean;
  actionId: string;
  target: OperationsTarget;
  /** What the action does, in the words a refused colleague reads: "rolling back payment-service :4 → :3". */
  summary: string;
  /** The AWS caller identity acting. */
  identity: string;
}

export class TeamActionLocks {
  private readonly connections = new Map<string, Promise<OperationsLogConnection>>();
  private readonly hostname: string;

  constructor(private readonly options: TeamActionLocksOptions) {
    this.hostname = options.hostname ?? machineName();
  }

  /** The Kafka cluster whose operations log holds this environment's team locks, or null. */
  clusterFor(environment: string): LoggedCluster | null {
    const found = this.options
      .kafka()
      .find((cluster) => cluster.environment === environment && cluster.operationsLog !== undefined);
    return (found as LoggedCluster | undefined) ?? null;
  }

  /** In words, for the list of what an environment may do. */
  scopeOf(environment: string): string {
    const cluster = this.clusterFor(environment);
    return cluster
      ? `Actions take a team-wide lock on the operations log ${cluster.operationsLog.topic} of ${describeKafkaCluster(cluster)}.`
      : 'Locks are local to this console only: no Kafka cluster of this environment has an operations log configured.';
  }

  /**
   * Claims the team lock for an action. Null when the environment has no operations log, or
   * when it cannot be reached on an environment that is not production (said in the log).
   * Throws TEAM_LOCK_HELD naming the holder when another action holds the target, and
   * OperationsLogUnreachable (UNAVAILABLE) when the log of a production environment cannot be reached.
   */
  async claim(request: TeamClaimRequest): Promise<TeamAction | null> {
    const cluster = this.clusterFor(request.environment);
    if (!cluster) return null;
    const holder: OperationsHolder = {
      identity: request.identity,
      via: this.options.via,
      hostname: this.hostname,
    };
    let connection: OperationsLogConnection;
    let outcome: Awaited<ReturnType<TeamLock['claim']>>;
    try {
      connection = await this.connectionFor(cluster);
      const lock = new TeamLock({
        log: connection,
        holder,
        leaseMs: cluster.operationsLog.leaseMs,
        now: this.options.now,
        newRecordId: this.options.newId,
      });
      outcome = await lock.claim({
        actionId: request.actionId,
        target: request.target,
        summary: request.summary,
      });
    } catch (error) {
      const reason =
        `the operations log ${cluster.operationsLog.topic} of ${describeKafkaCluster(cluster)} cannot be reached ` +
        `to take the team lock on ${request.target.service}: ${toIpcError(error).message}`;
      if (request.production) throw new OperationsLogUnreachable(reason);
      this.options.log(`Acting with the local lock only: ${reason}.`);
      return null;
    }
    if (!outcome.held) throw new ConsoleError('TEAM_LOCK_HELD', heldMessage(outcome.holder));
    return new TeamAction(outcome.lease, connection, holder, cluster.operationsLog.leaseMs, this.options);
  }

  async close(): Promise<void> {
    const connections = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(connections.map(async (connecting) => (await connecting).disconnect()));
  }

  /** One connection per cluster, made on first use; one that failed is tried afresh next time. */
  private connectionFor(cluster: LoggedCluster): Promise<OperationsLogConnection> {
    const known = this.connections.get(cluster.name);
    if (known) return known;
    const connecting = (async () => {
      const config = await kafkaClientConfig(
        cluster,
        // The secret store is opened only for a cluster with a password to look up.
        {
          secrets: needsPassword(cluster) ? (this.options.secrets?.() ?? null) : null,
          log: this.options.log,
        },
        'operations',
      );
      const connection = new OperationsLogConnection(new Kafka(config), cluster.operationsLog);
      try {
        await connection.connect();
      } catch (error) {
        await connection.disconnect();
        throw error;
      }
      return connection;
    })();
    connecting.catch(() => this.connections.delete(cluster.name));
    this.connections.set(cluster.name, connecting);
    return connecting;
  }
}

function needsPassword(cluster: KafkaClusterConfig): boolean {
  return cluster.sasl !== undefined && cluster.sasl.mechanism !== 'aws-msk-iam';
}

/** "ana@ana-laptop (console) is rolling back payment-service :4 → :3 since 10:42:10 UTC …" */
export function heldMessage(holding: LockHolder): string {
  return (
    `${holderName(holding.holder)} is ${holding.summary} since ${utcText(holding.since)} ` +
    `(action ${holding.actionId}; its lease runs to ${utcText(holding.leaseExpiresAt)} unless renewed). ` +
    'Wait for it to end, or talk to them.'
  );
}

/** The person's name from their caller identity (the last part of a role session or user ARN), where and through what. */
function holderName(holder: OperationsHolder): string {
  const person = holder.identity.slice(holder.identity.lastIndexOf('/') + 1) || holder.identity;
  return `${person}@${holder.hostname} (${holder.via})`;
}

type LifecycleRecord =
  | { kind: 'started'; summary: string }
  | { kind: 'progress'; milestone: string }
  | { kind: 'finished'; outcome: AuditOutcome; detail: string | null };

/**
 * An action holding the team lock: its life goes to the operations log in order, its lease is
 * renewed while it runs, and it is released with the outcome. A record the log does not take
 * is said in the console's log and does not stop the action, which ECS is already doing.
 */
export class TeamAction {
  private writes: Promise<void> = Promise.resolve();
  private renewal: NodeJS.Timeout | null = null;

  constructor(
    private readonly lease: HeldLease,
    private readonly connection: OperationsLogConnection,
    private readonly holder: OperationsHolder,
    private readonly leaseMs: number,
    private readonly options: Pick<TeamActionLocksOptions, 'now' | 'newId' | 'log'>,
  ) {}

  /** Queues a record after those before it; never throws. */
  record(record: LifecycleRecord): Promise<void> {
    const { actionId, target } = this.lease.request;
    const full: OperationsRecord = {
      v: 1,
      recordId: this.options.newId(),
      actionId,
      target,
      holder: this.holder,
      at: this.options.now(),
      ...record,
    };
    this.writes = this.writes.then(() =>
      this.connection.append(full).then(
        () => undefined,
        (error: unknown) =>
          this.options.log(
            `The operations log did not take the ${record.kind} record of action ${actionId}: ${toIpcError(error).message}`,
          ),
      ),
    );
    return this.writes;
  }

  /** Renews the lease a third of the way through, so two missed renewals still leave it held. */
  startRenewing(): void {
    if (this.renewal) return;
    this.renewal = setInterval(
      () => {
        this.writes = this.writes.then(() =>
          this.lease
            .renew()
            .catch((error: unknown) =>
              this.options.log(
                `Cannot renew the team lock of action ${this.lease.request.actionId}: ${toIpcError(error).message}`,
              ),
            ),
        );
      },
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    );
    this.renewal.unref();
  }

  /** Stops renewing without releasing: the console is closing mid-action, and the lease runs out by itself. */
  stopRenewing(): void {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = null;
  }

  /** Writes how the action ended, then releases the lock. */
  async finish(outcome: AuditOutcome, detail: string | null): Promise<void> {
    this.stopRenewing();
    await this.record({ kind: 'finished', outcome, detail: detail?.slice(0, 2000) ?? null });
    await this.releaseAs('finished');
  }

  /** Releases a lock the action held but never used: it stopped before ECS was called. */
  async abandon(): Promise<void> {
    this.stopRenewing();
    await this.writes;
    await this.releaseAs('abandoned');
  }

  private async releaseAs(reason: 'finished' | 'abandoned'): Promise<void> {
    await this.lease
      .release(reason)
      .catch((error: unknown) =>
        this.options.log(
          `Cannot release the team lock of action ${this.lease.request.actionId} (it runs out with its lease): ${toIpcError(error).message}`,
        ),
      );
  }
}
