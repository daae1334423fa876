import { randomBytes } from 'node:crypto';
import type { IpcError } from '../../../shared/ipc/result';
import type { ErrorRate, LogSearchResult, LogTailEvent } from '../../../shared/logs/logModel';
import type { EnvironmentConfig } from '../config/consoleConfig';
import type { EcsClientFactory } from '../fleet/ecsClients';
import { ConsoleError, toIpcError } from '../ipc/consoleError';
import { ClusterDirectory } from './clusterDirectory';
import { countErrors, searchLogs } from './logQueries';
import { LogsClientFactory } from './logsClients';
import { LogSourceResolver, type ResolvedLogSource } from './logSourceResolver';
import { LogTail, type LogTailOptions } from './cloudWatchLogTail';
import { ServiceTaskScope } from './serviceTaskScope';

/**
 * Service logs for the console: finds a cluster's environment, a service's log group, and
 * runs tails and queries against it with that environment's credentials.
 */

export interface LogServiceOptions {
  environments: readonly EnvironmentConfig[];
  ecsClients: EcsClientFactory;
  /** Default: a factory of its own, destroyed on close. */
  logsClients?: LogsClientFactory;
  now?: () => number;
  log?: (line: string) => void;
  /** Tuning for tails (intervals, bounds, whether to try live tail). */
  tail?: Partial<
    Pick<
      LogTailOptions,
      | 'liveTail'
      | 'batchIntervalMs'
      | 'pollIntervalMs'
      | 'pollOverlapMs'
      | 'stallTimeoutMs'
      | 'bufferLimit'
      | 'backlogLimit'
      | 'maxBatchLines'
    >
  >;
}

export interface TailRequest {
  cluster: string;
  service: string;
  filterPattern?: string | undefined;
  sinceMs?: number | undefined;
}

export interface TailHandle {
  readonly tailId: string;
  stop(): void;
}

interface ServiceLogs {
  source: ResolvedLogSource;
  scope: ServiceTaskScope;
  client: ReturnType<LogsClientFactory['clientFor']>;
}

export class LogService {
  private readonly tails = new Map<string, LogTail>();
  /** Every open tail's stop, including tails still finding their log group. */
  private readonly open = new Map<string, () => void>();
  private directory: ClusterDirectory;
  private readonly resolver = new LogSourceResolver();
  private readonly logsClients: LogsClientFactory;
  private readonly ownsClients: boolean;
  private readonly now: () => number;

  constructor(private readonly options: LogServiceOptions) {
    this.now = options.now ?? Date.now;
    this.directory = this.newDirectory(options.environments);
    this.ownsClients = options.logsClients === undefined;
    this.logsClients = options.logsClients ?? new LogsClientFactory();
  }

  /**
   * Finds clusters in these environments from now on (the console's sandbox was rebuilt with
   * other clusters); tails already open keep reading the log groups they found.
   */
  useEnvironments(environments: readonly EnvironmentConfig[]): void {
    this.directory = this.newDirectory(environments);
  }

  /** Starts a tail; events go to `emit`, and `end` is called if the tail stops by itself. */
  openTail(
    request: TailRequest,
    emit: (event: LogTailEvent) => void,
    end: (error?: IpcError) => void,
  ): TailHandle {
    const tailId = randomBytes(8).toString('hex');
    const filterPattern = request.filterPattern?.trim() ? request.filterPattern : null;
    const abort = new AbortController();
    let tail: LogTail | null = null;
    const stop = () => {
      abort.abort();
      tail?.stop();
      this.tails.delete(tailId);
      this.open.delete(tailId);
    };
    this.open.set(tailId, stop);
    emit({
      type: 'status',
      tailId,
      state: 'starting',
      mode: null,
      source: null,
      filterPattern,
      fallbackReason: null,
      error: null,
      backlog: 0,
      droppedWhilePaused: 0,
    });
    this.serviceLogs(request.cluster, request.service, abort.signal).then(
      ({ source, scope, client }) => {
        if (abort.signal.aborted) return;
        tail = new LogTail({
          ...this.options.tail,
          tailId,
          client,
          source,
          scope,
          filterPattern,
          sinceMs: request.sinceMs ?? null,
          emit,
          fail: (error) => {
            stop();
            end(error);
          },
          now: this.now,
          log: this.options.log,
        });
        this.tails.set(tailId, tail);
        tail.start();
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const described = toIpcError(error);
        emit({
          type: 'status',
          tailId,
          state: 'stopped',
          mode: null,
          source: null,
          filterPattern,
          fallbackReason: null,
          error: described,
          backlog: 0,
          droppedWhilePaused: 0,
        });
        stop();
        end(described);
      },
    );
    return { tailId, stop };
  }

  setPaused(tailId: string, paused: boolean): { paused: boolean } {
    const tail = this.tails.get(tailId);
    if (!tail)
      throw new ConsoleError(
        'NOT_FOUND',
        `No running log tail ${tailId}: it has stopped or belongs to another window.`,
      );
    tail.setPaused(paused);
    return { paused };
  }

  async search(
    request: TailRequest & { filterPattern: string; startTime: number; endTime: number; limit: number },
    signal?: AbortSignal,
  ): Promise<LogSearchResult> {
    const { source, scope, client } = await this.serviceLogs(request.cluster, request.service, signal);
    return searchLogs({ client, source, scope, signal }, request);
  }

  async errorRate(
    request: { cluster: string; service: string; windowMs: number; bucketMs: number },
    signal?: AbortSignal,
  ): Promise<ErrorRate> {
    const { source, scope, client } = await this.serviceLogs(request.cluster, request.service, signal);
    const to = this.now();
    return countErrors(
      { client, source, scope, signal },
      { from: to - request.windowMs, to, bucketMs: request.bucketMs },
    );
  }

  get activeTails(): number {
    return this.tails.size;
  }

  close(): void {
    for (const stop of [...this.open.values()]) stop();
    if (this.ownsClients) this.logsClients.destroyAll();
  }

  private newDirectory(environments: readonly EnvironmentConfig[]): ClusterDirectory {
    return new ClusterDirectory({ environments, ecsClients: this.options.ecsClients, now: this.now });
  }

  private async serviceLogs(cluster: string, service: string, signal?: AbortSignal): Promise<ServiceLogs> {
    const location = await this.directory.locate(cluster, signal);
    const source = await this.resolver.resolve({
      ecs: location.ecs,
      aws: location.aws,
      cluster: location.cluster,
      service,
      logsClientFor: (target) => this.logsClients.clientFor(target),
      signal,
    });
    return {
      source,
      scope: new ServiceTaskScope(location.ecs, location.cluster, service, this.now),
      client: this.logsClients.clientFor(source.logsTarget),
    };
  }
}
