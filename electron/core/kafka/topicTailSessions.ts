import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { Kafka, type Admin, type Consumer } from 'kafkajs';
import { capitalise } from '../../../shared/capitalise';
import { delay } from '../../../shared/delay';
import type { IpcError } from '../../../shared/ipc/result';
import type { TailEvent, TailMessage } from '../../../shared/kafka/kafkaModel';
import type { KafkaClusterConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { backoffDelayMs } from '../fleet/pollBackoff';
import { StreamTailBuffer } from '../streams/streamTailBuffer';
import { describeKafkaCluster, kafkaClientConfig, type KafkaConnectionOptions } from './kafkaConnection';
import { describeKafkaFailure, isRefusal } from './kafkaFailure';
import { defaultDecodeLimits, toTailMessage, type DecodeLimits } from './messageDecoding';

/**
 * Live tails of Kafka topics: one kafkajs consumer in main per tail, in a consumer group of
 * its own (`flarenet-console-<host>-<random>`) that is deleted when the tail stops, so
 * nothing is left on the cluster but, briefly, that group.
 *
 * Messages reach the page in batches with running counters. The buffer between Kafka and
 * the page is bounded: a page that falls behind loses the oldest undelivered messages, and
 * the `dropped` counter says how many. Pausing pauses the consumer itself, so nothing is
 * lost while paused; kafkajs keeps the position.
 */

export const tailGroupPrefix = 'flarenet-console-';

export interface TopicTailsOptions {
  clusters: readonly KafkaClusterConfig[];
  connection?: KafkaConnectionOptions;
  log: (line: string) => void;
  hostname?: string;
  /** How often batches are sent; default 200 ms. */
  batchIntervalMs?: number;
  /** Messages kept for the page at most; default 1000. */
  bufferLimit?: number;
  limits?: DecodeLimits;
  /** The longest a fetch waits on the broker for new data, which bounds how long stopping takes; default 250 ms. */
  maxWaitTimeInMs?: number;
  now?: () => number;
  random?: () => number;
}

export interface TailRequest {
  kafkaCluster: string;
  topic: string;
  fromBeginning: boolean;
}

export interface TailHandle {
  readonly tailId: string;
  readonly groupId: string;
  /** Ends the tail and deletes its group; resolves when both are done (or failed, which is logged). */
  stop(): Promise<void>;
}

type TailState = Extract<TailEvent, { type: 'status' }>['state'];

export class TopicTails {
  private readonly tails = new Map<string, Tail>();
  private readonly stopping = new Set<Promise<void>>();
  private readonly host: string;

  constructor(private readonly options: TopicTailsOptions) {
    this.host = sanitise(options.hostname ?? osHostname());
  }

  /**
   * Starts a tail; events go to `emit`, and `end` is called when the tail stops by itself
   * (the topic does not exist, the consumer cannot go on). Throws NOT_FOUND for a cluster
   * the console does not know.
   */
  open(
    request: TailRequest,
    emit: (event: TailEvent) => void,
    end: (error?: IpcError) => void = () => {},
  ): TailHandle {
    const cluster = this.options.clusters.find((c) => c.name === request.kafkaCluster);
    if (!cluster) {
      throw new ConsoleError(
        'NOT_FOUND',
        `The console does not watch a Kafka cluster named ${request.kafkaCluster}.`,
      );
    }
    const tailId = randomBytes(8).toString('hex');
    const groupId = `${tailGroupPrefix}${this.host}-${randomBytes(6).toString('hex')}`;
    const tail = new Tail(tailId, groupId, cluster, request, this.options, emit, (error) => {
      void handle.stop();
      end(error);
    });
    this.tails.set(tailId, tail);
    const handle: TailHandle = {
      tailId,
      groupId,
      stop: () => {
        if (this.tails.get(tailId) !== tail) return tail.stopped;
        this.tails.delete(tailId);
        const stopping = tail.stop();
        this.stopping.add(stopping);
        void stopping.finally(() => this.stopping.delete(stopping));
        return stopping;
      },
    };
    tail.start();
    return handle;
  }

  setPaused(tailId: string, paused: boolean): { paused: boolean } {
    const tail = this.tails.get(tailId);
    if (!tail)
      throw new ConsoleError(
        'NOT_FOUND',
        `No running tail ${tailId}: it has stopped or belongs to another window.`,
      );
    tail.setPaused(paused);
    return { paused };
  }

  get activeCount(): number {
    return this.tails.size;
  }

  /** Stops every tail and waits for their groups to be deleted. */
  async closeAll(): Promise<void> {
    for (const tail of [...this.tails.values()]) {
      this.tails.delete(tail.tailId);
      this.stopping.add(tail.stop());
    }
    await Promise.all([...this.stopping]);
  }
}

class Tail {
  private kafka: Kafka | null = null;
  private consumer: Consumer | null = null;
  private admin: Admin | null = null;
  /** Set once a consumer has tried to join: from then on there may be a group to delete. */
  private joined = false;
  private readonly wake = new AbortController();
  private state: TailState = 'starting';
  private paused = false;
  private closing = false;
  private readonly buffer: StreamTailBuffer<TailMessage>;
  private timer: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private readonly now: () => number;
  private resolveStopped!: () => void;
  readonly stopped = new Promise<void>((resolve) => (this.resolveStopped = resolve));
  private stopping: Promise<void> | null = null;
  private attempting: Promise<void> | null = null;

  constructor(
    readonly tailId: string,
    readonly groupId: string,
    private readonly cluster: KafkaClusterConfig,
    private readonly request: TailRequest,
    private readonly options: TopicTailsOptions,
    private readonly emit: (event: TailEvent) => void,
    private readonly fail: (error: IpcError) => void,
  ) {
    this.now = options.now ?? Date.now;
    // A topic gone quiet is said once, when its rate reaches zero, not at each step down.
    this.buffer = new StreamTailBuffer({
      bufferLimit: options.bufferLimit ?? 1000,
      rateOnlyBatches: 'on-stop',
      now: this.now,
    });
  }

  start(): void {
    this.status('starting', null);
    this.timer = setInterval(() => this.flush(), this.options.batchIntervalMs ?? 200);
    this.attempt();
  }

  setPaused(paused: boolean): void {
    if (this.closing || paused === this.paused) return;
    this.paused = paused;
    const topics = [{ topic: this.request.topic }];
    if (this.consumer) {
      if (paused) this.consumer.pause(topics);
      else this.consumer.resume(topics);
    }
    if (this.state === 'running' || this.state === 'paused') this.status(paused ? 'paused' : 'running', null);
    if (!paused) this.flush();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** One try at connecting and running the consumer; a failure is retried (or given up) by `crash`. */
  private attempt(): void {
    const attempt = this.run().catch((error: unknown) => this.crash(error));
    this.attempting = attempt;
    void attempt.finally(() => {
      if (this.attempting === attempt) this.attempting = null;
    });
  }

  private async run(): Promise<void> {
    if (!this.kafka || !this.admin) {
      const config = await kafkaClientConfig(this.cluster, this.options.connection ?? {}, 'tail');
      if (this.closing) return;
      this.kafka = new Kafka(config);
      this.admin = this.kafka.admin();
    }
    const kafka = this.kafka;
    await this.admin.connect();
    const topics = await this.admin.listTopics();
    if (this.closing) return;
    if (!topics.includes(this.request.topic)) {
      this.giveUp({
        code: 'NOT_FOUND',
        message: `${capitalise(describeKafkaCluster(this.cluster))} has no topic ${this.request.topic}.`,
      });
      return;
    }

    const consumer = kafka.consumer({
      groupId: this.groupId,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 250,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
      retry: {
        retries: 2,
        initialRetryTime: 300,
        // Restarts after a crash wait with backoff, and stop for good once the tail is closed.
        restartOnFailure: async () => {
          this.failures += 1;
          await delay(this.backoff(), this.wake.signal);
          return !this.closing;
        },
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.failures = 0;
      // A consumer restarted after a crash starts unpaused.
      if (this.paused) consumer.pause([{ topic: this.request.topic }]);
      this.status(this.paused ? 'paused' : 'running', null);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.closing) return;
      const error = describeKafkaFailure(describeKafkaCluster(this.cluster), payload.error);
      if (payload.restart) this.status('reconnecting', error);
      else this.giveUp(error);
    });

    this.joined = true;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.request.topic], fromBeginning: this.request.fromBeginning });
    if (this.closing) return;
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        this.buffer.push([toTailMessage(partition, message, this.options.limits ?? defaultDecodeLimits)]);
        return Promise.resolve();
      },
    });
    if (this.paused) consumer.pause([{ topic: this.request.topic }]);
  }

  /** A failure before the consumer runs: retried with backoff while the tail is open. */
  private crash(error: unknown): void {
    if (this.closing) return;
    const described = describeKafkaFailure(describeKafkaCluster(this.cluster), error);
    if (
      described.code === 'VALIDATION' ||
      described.code === 'AUTH' ||
      described.code === 'NOT_FOUND' ||
      isRefusal(described)
    ) {
      this.giveUp(described);
      return;
    }
    this.failures += 1;
    this.status('reconnecting', described);
    const consumer = this.consumer;
    this.consumer = null;
    void Promise.allSettled([consumer?.disconnect()])
      .then(() => delay(this.backoff(), this.wake.signal))
      .then(() => {
        if (!this.closing) this.attempt();
      });
  }

  /** The tail cannot go on: the page hears why (the last status), then the stream ends. */
  private giveUp(error: IpcError): void {
    if (this.closing) return;
    this.status('stopped', error);
    this.fail(error);
  }

  private flush(): void {
    if (this.closing || this.paused) return;
    const batch = this.buffer.take();
    if (!batch) return;
    this.emit({
      type: 'messages',
      messages: batch.items,
      messagesPerSecond: batch.perSecond,
      received: batch.received,
      dropped: batch.dropped,
    });
  }

  private status(state: TailState, error: IpcError | null): void {
    if (this.state === 'stopped') return;
    this.state = state;
    this.emit({ type: 'status', tailId: this.tailId, groupId: this.groupId, state, error });
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

  private async shutDown(): Promise<void> {
    this.closing = true;
    this.wake.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A connect or join in flight finishes first (it checks `closing` after each step), so
    // what it opened is closed below and the group it joined is the one deleted.
    await this.attempting;
    const consumer = this.consumer;
    const admin = this.admin;
    try {
      // Leaving the group first: Kafka deletes only groups without members.
      if (consumer) await consumer.disconnect().catch(() => undefined);
      if (admin) await this.deleteGroup(admin);
    } finally {
      await admin?.disconnect().catch(() => undefined);
      this.status('stopped', null);
      this.state = 'stopped';
      this.resolveStopped();
    }
  }

  private async deleteGroup(admin: Admin): Promise<void> {
    // A tail that never got as far as joining left no group behind.
    if (!this.joined) return;
    let lastError: unknown = null;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await admin.deleteGroups([this.groupId]);
        return;
      } catch (error) {
        const types = ((error as { groups?: { error?: { type?: string } }[] }).groups ?? []).map(
          (g) => g.error?.type,
        );
        if (types.includes('GROUP_ID_NOT_FOUND')) return;
        lastError = error;
        await delay(200 * (attempt + 1));
      }
    }
    this.options.log(
      `Could not delete the tail's consumer group ${this.groupId} on Kafka cluster ${this.cluster.name}: ${describeKafkaFailure(describeKafkaCluster(this.cluster), lastError).message}. It holds no members and Kafka will expire it.`,
    );
  }

  /** Waits, but not past the tail's end, so a closed tail leaves no timer behind. */
}

function sanitise(host: string): string {
  return (
    host
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '-')
      .slice(0, 60) || 'host'
  );
}
