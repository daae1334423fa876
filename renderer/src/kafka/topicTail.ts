import type { ConsoleClient } from '../../../shared/ipc/client';
import { kafkaTail, kafkaTailSetPaused } from '../../../shared/ipc/kafka';
import type { IpcError } from '../../../shared/ipc/result';
import type { TailEvent } from '../../../shared/kafka/model';
import { appendToTailBuffer, emptyTailBuffer, tailBufferLimit, type TailBuffer } from './tailBuffer';

export interface TailParams {
  kafkaCluster: string;
  topic: string;
  fromBeginning: boolean;
}

export type TailPhase = 'idle' | 'starting' | 'running' | 'paused' | 'reconnecting' | 'stopped';

/** What the tail panel draws; a new object whenever something in it changed. */
export interface TailView {
  phase: TailPhase;
  params: TailParams | null;
  /** Main's name for the running tail, needed to pause it. */
  tailId: string | null;
  error: IpcError | null;
  buffer: TailBuffer;
  messagesPerSecond: number;
  /** Main's counters: messages it received, and dropped because the page fell behind. */
  received: number;
  dropped: number;
  /** A pause or resume request on its way. */
  pausePending: boolean;
}

const idleView: TailView = {
  phase: 'idle',
  params: null,
  tailId: null,
  error: null,
  buffer: emptyTailBuffer,
  messagesPerSecond: 0,
  received: 0,
  dropped: 0,
  pausePending: false,
};

/** Runs `flush` soon, once for any number of calls before it runs. */
export type FlushScheduler = (flush: () => void) => void;

const nextFrame: FlushScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/**
 * One topic tail: the stream from main, a bounded buffer of what arrived, and pause and
 * resume. Batches are taken in as they come, but listeners hear of them at most once per
 * frame, so hundreds of messages a second cost one list update per frame.
 */
export class TopicTail {
  private view: TailView = idleView;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private flushScheduled = false;
  /** Bumped per start, so a pause answer for an earlier tail is ignored. */
  private generation = 0;

  constructor(
    private readonly client: ConsoleClient,
    private readonly options: { limit?: number; schedule?: FlushScheduler } = {},
  ) {}

  readonly getView = (): TailView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(params: TailParams): void {
    this.stopStream();
    this.generation += 1;
    this.update({ ...idleView, phase: 'starting', params }, true);
    this.unsubscribe = this.client.subscribe(
      kafkaTail,
      params,
      (event) => this.receive(event),
      (error) => {
        this.unsubscribe = null;
        this.update(
          { ...this.view, phase: 'stopped', tailId: null, error: error ?? null, pausePending: false },
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
    const result = await this.client.invoke(kafkaTailSetPaused, { tailId, paused });
    if (generation !== this.generation) return;
    if (result.ok) {
      const phase =
        this.view.phase === 'running' || this.view.phase === 'paused' ? result.value.paused : null;
      this.update(
        {
          ...this.view,
          phase: phase === null ? this.view.phase : phase ? 'paused' : 'running',
          pausePending: false,
          error: null,
        },
        true,
      );
    } else {
      this.update({ ...this.view, pausePending: false, error: result.error }, true);
    }
  }

  private receive(event: TailEvent): void {
    if (event.type === 'status') {
      this.update(
        {
          ...this.view,
          tailId: event.tailId,
          phase: event.state,
          error: event.error ?? (event.state === 'running' ? null : this.view.error),
        },
        false,
      );
      return;
    }
    this.update(
      {
        ...this.view,
        buffer: appendToTailBuffer(this.view.buffer, event.messages, this.options.limit ?? tailBufferLimit),
        messagesPerSecond: event.messagesPerSecond,
        received: event.received,
        dropped: event.dropped,
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
  private update(view: TailView, now: boolean): void {
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
