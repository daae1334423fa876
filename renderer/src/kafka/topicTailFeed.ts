import type { ConsoleClient } from '../../../shared/ipc/client';
import { kafkaTail, kafkaTailSetPaused } from '../../../shared/ipc/kafka';
import type { IpcError } from '../../../shared/ipc/result';
import type { TailEvent } from '../../../shared/kafka/kafkaModel';
import { BatchedStreamTail, type FlushScheduler } from '../app/batchedStreamTail';
import { appendToTailBuffer, emptyTailBuffer, tailBufferLimit, type TailBuffer } from './tailMessageBuffer';

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

/**
 * One topic tail: the stream from main, a bounded buffer of what arrived, and pause and
 * resume (see BatchedStreamTail: hundreds of messages a second cost one list update per frame).
 */
export class TopicTail extends BatchedStreamTail<TailParams, TailEvent, TailView> {
  constructor(
    private readonly client: ConsoleClient,
    private readonly options: { limit?: number; schedule?: FlushScheduler } = {},
  ) {
    super(idleView, options.schedule);
  }

  protected startingView(params: TailParams): TailView {
    return { ...idleView, phase: 'starting', params };
  }

  protected openStream(
    params: TailParams,
    onEvent: (event: TailEvent) => void,
    onEnd: (error?: IpcError) => void,
  ): () => void {
    return this.client.subscribe(kafkaTail, params, onEvent, onEnd);
  }

  protected requestPause(tailId: string, paused: boolean) {
    return this.client.invoke(kafkaTailSetPaused, { tailId, paused });
  }

  protected applyEvent(view: TailView, event: TailEvent): TailView {
    if (event.type === 'status') {
      return {
        ...view,
        tailId: event.tailId,
        phase: event.state,
        error: event.error ?? (event.state === 'running' ? null : view.error),
      };
    }
    return {
      ...view,
      buffer: appendToTailBuffer(view.buffer, event.messages, this.options.limit ?? tailBufferLimit),
      messagesPerSecond: event.messagesPerSecond,
      received: event.received,
      dropped: event.dropped,
    };
  }
}
