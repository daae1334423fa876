import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand,
  StartLiveTailCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { delay } from '../../../shared/delay';
import type { IpcError } from '../../../shared/ipc/result';
import type { LogLine, LogTailEvent, LogTailMode, LogTailStatus } from '../../../shared/logs/logModel';
import { spokenDuration } from '../../../shared/time/durationText';
import { backoffDelayMs } from '../fleet/pollBackoff';
import { toIpcError } from '../ipc/consoleError';
import { contentKey, RecentKeys, toLogLine, type RawLogEvent } from './logLines';
import { StreamTailBuffer } from '../streams/streamTailBuffer';
import type { ResolvedLogSource } from './logSourceResolver';
import { ScopedIntake } from './scopedIntake';
import type { ServiceTaskScope } from './serviceTaskScope';

/**
 * A live tail of one service's log group. It asks CloudWatch Logs for a live tail session
 * (StartLiveTail) first; where that is not possible — not allowed, not offered by the
 * endpoint, the stream breaks or goes quiet — it polls FilterLogEvents instead, from the last
 * line seen, and says why. Either way CloudWatch applies the filter pattern. Lines pass the
 * service's task scope, then a bounded buffer that sends them in batches and holds them
 * while paused.
 */

export interface LogTailOptions {
  tailId: string;
  client: CloudWatchLogsClient;
  source: ResolvedLogSource;
  scope: ServiceTaskScope | null;
  filterPattern: string | null;
  /** Start with the lines of this much time before now. */
  sinceMs: number | null;
  emit: (event: LogTailEvent) => void;
  /** The tail cannot go on (the group is gone, the pattern is invalid). */
  fail: (error: IpcError) => void;
  now?: () => number;
  random?: () => number;
  /** Try StartLiveTail first; default true. */
  liveTail?: boolean;
  batchIntervalMs?: number;
  pollIntervalMs?: number;
  /** Each poll reaches this far back before the newest line seen, for lines ingested late. */
  pollOverlapMs?: number;
  /** A live tail session that sends nothing for this long is given up; default 15 s. */
  stallTimeoutMs?: number;
  maxPagesPerPoll?: number;
  /** Lines queued at most while running; default 2000. */
  bufferLimit?: number;
  /** Lines held at most while paused; default 10,000. */
  backlogLimit?: number;
  /** Lines per batch at most; default 1000. */
  maxBatchLines?: number;
  log?: (line: string) => void;
}

type TailState = LogTailStatus['state'];

/** Errors polling cannot get past either: the tail stops and says why. */
const fatalCodes = new Set(['VALIDATION', 'NOT_FOUND', 'AUTH']);

export class LogTail {
  private readonly now: () => number;
  private readonly buffer: StreamTailBuffer<LogLine>;
  /** Lines of the log group from tasks that are not this service's in this cluster. */
  private excluded = 0;
  private readonly intake: ScopedIntake;
  private readonly seen = new RecentKeys();
  private readonly closed = new AbortController();
  private live: AbortController | null = null;
  private state: TailState = 'starting';
  private mode: LogTailMode | null = null;
  private fallbackReason: string | null = null;
  private error: IpcError | null = null;
  private newestSeen: number | null = null;
  private readonly startedAt: number;
  private failures = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pausedStatusAt = 0;
  private pausedShown = '';

  constructor(private readonly options: LogTailOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.buffer = new StreamTailBuffer({
      bufferLimit: options.bufferLimit ?? 2000,
      backlogLimit: options.backlogLimit ?? 10_000,
      maxBatchItems: options.maxBatchLines ?? 1000,
      rateOnlyBatches: 'on-change',
      now: this.now,
    });
    this.intake = new ScopedIntake({
      scope: options.scope,
      deliver: (lines) => this.buffer.push(lines),
      exclude: (count) => (this.excluded += count),
      now: this.now,
    });
  }

  get tailId(): string {
    return this.options.tailId;
  }

  start(): void {
    this.status();
    this.timer = setInterval(() => this.flush(), this.options.batchIntervalMs ?? 200);
    void this.run().catch((error: unknown) => this.stopWith(toIpcError(error)));
  }

  setPaused(paused: boolean): void {
    if (this.closed.signal.aborted || paused === this.buffer.isPaused) return;
    this.buffer.setPaused(paused);
    if (this.state === 'running' || this.state === 'paused') this.state = paused ? 'paused' : 'running';
    this.status();
    if (!paused) this.flush();
  }

  stop(): void {
    if (this.closed.signal.aborted) return;
    this.closed.abort();
    this.live?.abort();
    this.intake.close();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async run(): Promise<void> {
    if (this.options.sinceMs) await this.backfill(this.options.sinceMs);
    if (this.options.liveTail !== false) {
      for (;;) {
        const outcome = await this.runLiveTail();
        if (outcome.kind === 'closed') return;
        if (outcome.kind === 'fallback') {
          this.fallbackReason = outcome.reason;
          this.options.log?.(`Log tail of ${this.options.source.logGroup}: polling, ${outcome.reason}`);
          break;
        }
      }
    } else {
      this.fallbackReason = 'live tail is turned off';
    }
    this.mode = 'polling';
    this.markRunning();
    while (!this.closed.signal.aborted) {
      const ok = await this.pollSafely();
      await delay(ok ? (this.options.pollIntervalMs ?? 1500) : this.backoff(), this.closed.signal);
    }
  }

  /** One live tail session: 'restart' when CloudWatch ends it on time, 'fallback' when live tail cannot be used. */
  private async runLiveTail(): Promise<
    { kind: 'closed' | 'restart' } | { kind: 'fallback'; reason: string }
  > {
    const live = new AbortController();
    this.live = live;
    const stallMs = this.options.stallTimeoutMs ?? 15_000;
    let stalled = false;
    let watchdog = setTimeout(() => ((stalled = true), live.abort()), stallMs);
    const feed = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ((stalled = true), live.abort()), stallMs);
    };
    try {
      const { source, filterPattern } = this.options;
      const response = await this.options.client.send(
        new StartLiveTailCommand({
          logGroupIdentifiers: [source.logGroupArn],
          ...(source.streamPrefix
            ? { logStreamNamePrefixes: [`${source.streamPrefix}/${source.containerName}/`] }
            : {}),
          ...(filterPattern ? { logEventFilterPattern: filterPattern } : {}),
        }),
        { abortSignal: live.signal },
      );
      for await (const event of response.responseStream ?? []) {
        if (this.closed.signal.aborted) return { kind: 'closed' };
        feed();
        if (event.sessionStart) {
          this.mode = 'live-tail';
          this.markRunning();
        }
        if (event.sessionUpdate) this.accept(event.sessionUpdate.sessionResults ?? []);
      }
      if (this.closed.signal.aborted) return { kind: 'closed' };
      return { kind: 'fallback', reason: 'the live tail session ended without a reason.' };
    } catch (error) {
      if (this.closed.signal.aborted) return { kind: 'closed' };
      if (error instanceof Error && error.name === 'SessionTimeoutException') return { kind: 'restart' };
      if (stalled)
        return { kind: 'fallback', reason: `live tail sent nothing for ${spokenDuration(stallMs)}.` };
      return { kind: 'fallback', reason: `live tail is not available: ${describeFailure(error)}` };
    } finally {
      clearTimeout(watchdog);
      live.abort();
      this.live = null;
    }
  }

  private async pollSafely(): Promise<boolean> {
    try {
      await this.poll(
        Math.max(0, (this.newestSeen ?? this.startedAt) - (this.options.pollOverlapMs ?? 10_000)),
      );
      this.failures = 0;
      if (this.error) {
        this.error = null;
        this.status();
      }
      return true;
    } catch (error) {
      if (this.closed.signal.aborted) return true;
      const described = toIpcError(error);
      if (fatalCodes.has(described.code)) {
        this.stopWith(described);
        return true;
      }
      this.failures++;
      this.error = described;
      this.status();
      return false;
    }
  }

  /** The newest lines of the last `sinceMs`, as many as the buffer holds: older ones would only be dropped. */
  private async backfill(sinceMs: number): Promise<void> {
    const { source, filterPattern } = this.options;
    const page = await this.options.client.send(
      new FilterLogEventsCommand({
        logGroupIdentifier: source.logGroupArn,
        ...(source.streamPrefix
          ? { logStreamNamePrefix: `${source.streamPrefix}/${source.containerName}/` }
          : {}),
        ...(filterPattern ? { filterPattern } : {}),
        startTime: this.startedAt - sinceMs,
        endTime: this.startedAt,
        startFromHead: false,
        limit: Math.min(10_000, this.options.bufferLimit ?? 2000),
      }),
      { abortSignal: this.closed.signal },
    );
    this.accept(page.events ?? []);
  }

  /** FilterLogEvents from `startTime` to now, a few pages at most; the rest comes with the next poll. */
  private async poll(startTime: number): Promise<void> {
    const { source, filterPattern } = this.options;
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await this.options.client.send(
        new FilterLogEventsCommand({
          logGroupIdentifier: source.logGroupArn,
          ...(source.streamPrefix
            ? { logStreamNamePrefix: `${source.streamPrefix}/${source.containerName}/` }
            : {}),
          ...(filterPattern ? { filterPattern } : {}),
          startTime,
          limit: 1000,
          nextToken,
        }),
        { abortSignal: this.closed.signal },
      );
      this.accept(page.events ?? []);
      nextToken = page.nextToken;
    } while (nextToken && ++pages < (this.options.maxPagesPerPoll ?? 5) && !this.closed.signal.aborted);
  }

  private accept(events: readonly RawLogEvent[]): void {
    const lines: LogLine[] = [];
    for (const event of events) {
      if (event.eventId !== undefined && !this.seen.add(event.eventId)) continue;
      const line = toLogLine(event);
      // Live tail events carry no id: a line seen in one mode is known by its content in the other.
      if (!this.seen.add(contentKey(line.stream, line.timestamp, event.message ?? ''))) continue;
      lines.push(line);
      this.newestSeen = Math.max(this.newestSeen ?? line.timestamp, line.timestamp);
    }
    if (lines.length > 0) this.intake.offer(lines.sort((a, b) => a.timestamp - b.timestamp));
  }

  private flush(): void {
    const batch = this.buffer.take();
    if (batch) {
      this.options.emit({
        type: 'lines',
        lines: batch.items,
        linesPerSecond: batch.perSecond,
        received: batch.received,
        dropped: batch.dropped,
        excluded: this.excluded,
      });
    }
    // While paused the page sees the backlog grow (and what it costs) once a second.
    if (this.buffer.isPaused && this.now() - this.pausedStatusAt >= 1000) {
      const shown = `${this.buffer.backlog}/${this.buffer.droppedWhilePaused}`;
      if (shown !== this.pausedShown) this.status();
      this.pausedShown = shown;
      this.pausedStatusAt = this.now();
    }
  }

  private markRunning(): void {
    if (this.state === 'starting') this.state = this.buffer.isPaused ? 'paused' : 'running';
    this.status();
  }

  private stopWith(error: IpcError): void {
    if (this.closed.signal.aborted) return;
    this.flush();
    this.state = 'stopped';
    this.error = error;
    this.status();
    this.stop();
    this.options.fail(error);
  }

  private status(): void {
    const { source } = this.options;
    this.options.emit({
      type: 'status',
      tailId: this.options.tailId,
      state: this.state,
      mode: this.mode,
      source: {
        logGroup: source.logGroup,
        region: source.region,
        streamPrefix: source.streamPrefix,
        containerName: source.containerName,
        taskDefinitionArn: source.taskDefinitionArn,
      },
      filterPattern: this.options.filterPattern,
      fallbackReason: this.fallbackReason,
      error: this.error,
      backlog: this.buffer.backlog,
      droppedWhilePaused: this.buffer.droppedWhilePaused,
    });
  }

  private backoff(): number {
    return backoffDelayMs({
      consecutiveFailures: this.failures,
      baseMs: 1000,
      capMs: 30_000,
      floorMs: 500,
      random: this.options.random ?? Math.random,
    });
  }
}

/** The error's own name leads, so "UnknownOperationException" or "AccessDeniedException" is there to read. */
function describeFailure(error: unknown): string {
  const message = toIpcError(error).message;
  const name = error instanceof Error ? error.name : '';
  return name && name !== 'Error' && !message.startsWith(name) ? `${name}: ${message}` : message;
}
