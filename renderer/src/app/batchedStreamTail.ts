import type { IpcError, Result } from '../../../shared/ipc/result';

/** Runs `flush` soon, once for any number of calls before it runs. */
export type FlushScheduler = (flush: () => void) => void;

const nextFrame: FlushScheduler = (flush) => {
  requestAnimationFrame(() => flush());
};

/** What every tail view holds besides its own buffer and counters. */
export interface StreamTailViewBase {
  phase: string;
  /** Main's name for the running tail, needed to pause it. */
  tailId: string | null;
  error: IpcError | null;
  /** A pause or resume request on its way. */
  pausePending: boolean;
}

/**
 * A live tail over a stream from main (Kafka messages, log lines): start, stop, pause and
 * resume, and a view that changes with every event. Batches are taken in as they come, but
 * listeners hear of them at most once per `schedule` (a frame by default), so thousands of
 * arrivals a second cost one list update per frame. Subclasses say how to open the stream,
 * ask main to pause, and fold an event into the view.
 */
export abstract class BatchedStreamTail<P, E, V extends StreamTailViewBase> {
  private view: V;
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private flushScheduled = false;
  /** Bumped per start, so a pause answer for an earlier tail is ignored. */
  private generation = 0;

  protected constructor(
    idleView: V,
    private readonly schedule: FlushScheduler = nextFrame,
  ) {
    this.view = idleView;
  }

  /** The view of a tail that is just starting with these params. */
  protected abstract startingView(params: P): V;
  /** Subscribes to main; returns the unsubscribe function. */
  protected abstract openStream(
    params: P,
    onEvent: (event: E) => void,
    onEnd: (error?: IpcError) => void,
  ): () => void;
  protected abstract requestPause(tailId: string, paused: boolean): Promise<Result<{ paused: boolean }>>;
  /** The view after a stream event. */
  protected abstract applyEvent(view: V, event: E): V;

  /** The error shown once the stream ended; a clean end clears it unless a subclass keeps it. */
  protected errorAfterEnd(error: IpcError | undefined, _view: V): IpcError | null {
    return error ?? null;
  }

  readonly getView = (): V => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts a tail with these params; a running one is stopped first. */
  start(params: P): void {
    this.stopStream();
    this.generation += 1;
    this.update(this.startingView(params), true);
    this.unsubscribe = this.openStream(
      params,
      (event) => this.update(this.applyEvent(this.view, event), false),
      (error) => {
        this.unsubscribe = null;
        this.update(
          {
            ...this.view,
            phase: 'stopped',
            tailId: null,
            error: this.errorAfterEnd(error, this.view),
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
    const result = await this.requestPause(tailId, paused);
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

  private stopStream(): void {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    unsubscribe?.();
  }

  /** Local actions are shown at once; stream events wait for the next flush. */
  private update(view: V, now: boolean): void {
    this.view = view;
    if (now) {
      this.notify();
      return;
    }
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => {
      this.flushScheduled = false;
      this.notify();
    });
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
