import type { ConsoleClient } from '../../../shared/ipc/client';
import { logsTail, logsTailSetPaused } from '../../../shared/ipc/logs';
import type { IpcError } from '../../../shared/ipc/result';
import type { LogLine, LogSource, LogTailEvent, LogTailMode } from '../../../shared/logs/model';
import { appendBounded, emptyBoundedList, type BoundedList } from '../app/boundedList';

/** The view keeps this many lines; older ones leave as new ones arrive. */
export const logBufferLimit = 5_000;

/** How far back a new tail starts: the lines just before it opened, so the view is not empty. */
export const logTailSinceMs = 5 * 60_000;

export interface LogTailParams {
  cluster: string;
  service: string;
  /** CloudWatch filter pattern syntax; empty for every line. */
  filterPattern: string;
}

export interface BufferedLine {
  /** Arrival number in this tail: the list's row key. */
  seq: number;
  line: LogLine;
}

export type LogTailPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopped';

/** What the logs view draws; a new object whenever something in it changed. */
export interface LogTailView {
  phase: LogTailPhase;
  params: LogTailParams | null;
  /** Main's name for the running tail, needed to pause it. */
  tailId: string | null;
  /** Live tail or polling, once main has chosen; why it polls when it does. */
  mode: LogTailMode | null;
  fallbackReason: string | null;
  source: LogSource | null;
  error: IpcError | null;
  buffer: BoundedList<BufferedLine>;
  linesPerSecond: number;
  /** Main's counters: lines received, dropped (the page fell behind), of other clusters' tasks. */
  received: number;
  dropped: number;
  excluded: number;
  /** While paused: lines main holds for the resume, and lines it had to let go. */
  backlog: number;
  droppedWhilePaused: number;
  pausePending: boolean;
}

const idleView: LogTailView = {
  phase: 'idle',
  params: null,
  tailId: null,
  mode: null,
  fallbackReason: null,
  source: null,
  error: null,
  buffer: emptyBoundedList(),
  linesPerSecond: 0,
  received: 0,
  dropped: 0,
  excluded: 0,
  backlog: 0,
  droppedWhilePaused: 0,
  pausePending: false,
};

/** Runs `flush` soon, once for any number of calls before it runs. */
export type FlushScheduler = (flush: () => void) => void;

const nextFrame: FlushScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

const wrap = (line: LogLine, seq: number): BufferedLine => ({ seq, line });

/**
 * One service's log tail: the stream from main, a bounded buffer of its lines, pause and
 * resume. Batches are taken in as they come, but listeners hear of them at most once per
 * frame, so thousands of lines a second cost one list update per frame.
 */
export class LogTail {
  private view: LogTailView = idleView;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private flushScheduled = false;
  /** Bumped per start, so a pause answer for an earlier tail is ignored. */
  private generation = 0;

  constructor(
    private readonly client: ConsoleClient,
    private readonly options: { limit?: number; schedule?: FlushScheduler; sinceMs?: number } = {},
  ) {}

  readonly getView = (): LogTailView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts a tail with these params; a running one (another service or pattern) is stopped first. */
  start(params: LogTailParams): void {
    this.stopStream();
    this.generation += 1;
    this.update({ ...idleView, buffer: emptyBoundedList(), phase: 'starting', params }, true);
    const pattern = params.filterPattern.trim();
    this.unsubscribe = this.client.subscribe(
      logsTail,
      {
        cluster: params.cluster,
        service: params.service,
        sinceMs: this.options.sinceMs ?? logTailSinceMs,
        ...(pattern === '' ? {} : { filterPattern: pattern }),
      },
      (event) => this.receive(event),
      (error) => {
        this.unsubscribe = null;
        this.update(
          {
            ...this.view,
            phase: 'stopped',
            tailId: null,
            error: error ?? this.view.error,
            pausePending: false,
          },
          true,
        );
      },
    );
  }

  /** Ends the stream; what arrived stays on screen. */
  stop(): void {
    if (!this.unsubscribe) return;
    this.stopStream();
    this.update({ ...this.view, phase: 'stopped', tailId: null, pausePending: false }, true);
  }

  async setPaused(paused: boolean): Promise<void> {
    const { tailId } = this.view;
    if (tailId === null) return;
    const generation = this.generation;
    this.update({ ...this.view, pausePending: true }, true);
    const result = await this.client.invoke(logsTailSetPaused, { tailId, paused });
    if (generation !== this.generation) return;
    if (result.ok) {
      const live = this.view.phase === 'running' || this.view.phase === 'paused';
      this.update(
        {
          ...this.view,
          phase: live ? (result.value.paused ? 'paused' : 'running') : this.view.phase,
          pausePending: false,
          error: null,
        },
        true,
      );
    } else {
      this.update({ ...this.view, pausePending: false, error: result.error }, true);
    }
  }

  private receive(event: LogTailEvent): void {
    if (event.type === 'status') {
      this.update(
        {
          ...this.view,
          tailId: event.tailId,
          phase: event.state,
          mode: event.mode,
          fallbackReason: event.fallbackReason,
          source: event.source ?? this.view.source,
          error: event.error,
          backlog: event.backlog,
          droppedWhilePaused: event.droppedWhilePaused,
        },
        false,
      );
      return;
    }
    this.update(
      {
        ...this.view,
        buffer: appendBounded(this.view.buffer, event.lines, wrap, this.options.limit ?? logBufferLimit),
        linesPerSecond: event.linesPerSecond,
        received: event.received,
        dropped: event.dropped,
        excluded: event.excluded,
      },
      false,
    );
  }

  private stopStream(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    unsubscribe?.();
  }

  /** Local actions are shown at once; stream events wait for the next frame. */
  private update(view: LogTailView, now: boolean): void {
    this.view = view;
    if (now) {
      this.notify();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.options.schedule ?? nextFrame)(() => {
      this.flushScheduled = false;
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
