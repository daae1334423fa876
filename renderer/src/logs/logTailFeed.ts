import type { ConsoleClient } from '../../../shared/ipc/client';
import { logsTail, logsTailSetPaused } from '../../../shared/ipc/logs';
import type { IpcError } from '../../../shared/ipc/result';
import type { LogLine, LogSource, LogTailEvent, LogTailMode } from '../../../shared/logs/logModel';
import { BatchedStreamTail, type FlushScheduler } from '../app/batchedStreamTail';
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

const wrap = (line: LogLine, seq: number): BufferedLine => ({ seq, line });

/**
 * One service's log tail: the stream from main, a bounded buffer of its lines, pause and
 * resume (see BatchedStreamTail: thousands of lines a second cost one list update per frame).
 */
export class LogTail extends BatchedStreamTail<LogTailParams, LogTailEvent, LogTailView> {
  constructor(
    private readonly client: ConsoleClient,
    private readonly options: { limit?: number; schedule?: FlushScheduler; sinceMs?: number } = {},
  ) {
    super(idleView, options.schedule);
  }

  protected startingView(params: LogTailParams): LogTailView {
    return { ...idleView, buffer: emptyBoundedList(), phase: 'starting', params };
  }

  protected openStream(
    params: LogTailParams,
    onEvent: (event: LogTailEvent) => void,
    onEnd: (error?: IpcError) => void,
  ): () => void {
    const pattern = params.filterPattern.trim();
    return this.client.subscribe(
      logsTail,
      {
        cluster: params.cluster,
        service: params.service,
        sinceMs: this.options.sinceMs ?? logTailSinceMs,
        ...(pattern === '' ? {} : { filterPattern: pattern }),
      },
      onEvent,
      onEnd,
    );
  }

  protected requestPause(tailId: string, paused: boolean) {
    return this.client.invoke(logsTailSetPaused, { tailId, paused });
  }

  /** A status event may have carried the reason the stream is ending: keep it on a clean end. */
  protected override errorAfterEnd(error: IpcError | undefined, view: LogTailView): IpcError | null {
    return error ?? view.error;
  }

  protected applyEvent(view: LogTailView, event: LogTailEvent): LogTailView {
    if (event.type === 'status') {
      return {
        ...view,
        tailId: event.tailId,
        phase: event.state,
        mode: event.mode,
        fallbackReason: event.fallbackReason,
        source: event.source ?? view.source,
        error: event.error,
        backlog: event.backlog,
        droppedWhilePaused: event.droppedWhilePaused,
      };
    }
    return {
      ...view,
      buffer: appendBounded(view.buffer, event.lines, wrap, this.options.limit ?? logBufferLimit),
      linesPerSecond: event.linesPerSecond,
      received: event.received,
      dropped: event.dropped,
      excluded: event.excluded,
    };
  }
}
