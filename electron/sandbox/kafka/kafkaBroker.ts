import { createServer, type Server, type Socket } from 'node:net';
import { apiVersionsApi, brokerApis, unsupportedApiVersionsBody } from './brokerApis';
import { BrokerFaults } from './brokerFaults';
import { BrokerLog } from './brokerLog';
import { defaultConsumerOffsetsPartitions } from './consumerOffsetsRecords';
import { GroupCoordinator } from './groupCoordinator';
import { type BrokerState, partitionKey, type RequestContext } from './kafkaApi';
import { OffsetStore } from './offsetStore';
import { defaultRetention, type RetentionLimits } from './partitionLog';
import { MalformedKafkaData, WireReader, WireWriter } from './wireBuffer';

export interface KafkaBrokerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The host clients are told to connect to; default the listening host (127.0.0.1 for 0.0.0.0). */
  advertisedHost?: string;
  /** Default 1. */
  nodeId?: number;
  clusterId?: string;
  /** The time the coordinator and the broker's own records use (the sandbox clock). */
  now?: () => number;
  retention?: Partial<RetentionLimits>;
  /** Metadata and Produce create unknown topics; default true. */
  autoCreateTopics?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with -1; default 3. */
  defaultPartitions?: number;
  /** Default 50, as Kafka's offsets.topic.num.partitions. */
  consumerOffsetsPartitions?: number;
  /** Default 1 MiB, about Kafka's message.max.bytes. */
  maxBatchBytes?: number;
  /** Told about connections closed for protocol errors; default a process warning. */
  onConnectionError?: (error: Error) => void;
}

/** Where this broker's producer ids start, as if a few thousand producers had come and gone. */
const firstProducerId = 4000;

/** Kafka's socket.request.max.bytes: a frame claiming more than this is not a Kafka client. */
const maxFrameBytes = 100 * 1024 * 1024;

/**
 * A single-node Kafka broker on the binary protocol over TCP: node `nodeId` leads every
 * partition, is the controller and coordinates every group. Requests on one connection
 * are answered one at a time and in order, as Kafka does.
 */
export class KafkaBroker {
  readonly log: BrokerLog;
  readonly offsets: OffsetStore;
  readonly coordinator: GroupCoordinator;
  readonly nodeId: number;
  /** Per-group errors and older versions a test sets, to see how clients take them. */
  readonly faults: BrokerFaults;
  private readonly sockets = new Set<Socket>();
  private requestCount = 0;
  private readonly requestsPerApi = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    private readonly state: BrokerState,
    offsets: OffsetStore,
    private readonly closing: AbortController,
    private readonly onConnectionError: (error: Error) => void,
  ) {
    this.log = state.log;
    this.coordinator = state.coordinator;
    this.nodeId = state.nodeId;
    this.faults = state.faults;
    this.offsets = offsets;
    server.on('connection', (socket) => this.accept(socket));
  }

  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const host = options.host ?? '127.0.0.1';
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
    const now = options.now ?? Date.now;
    const log = new BrokerLog({ ...defaultRetention, ...options.retention });
    const offsets = new OffsetStore(
      log,
      options.consumerOffsetsPartitions ?? defaultConsumerOffsetsPartitions,
    );
    const coordinator = new GroupCoordinator({ now, offsets });
    const advertisedHost =
      options.advertisedHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
    const closing = new AbortController();
    let producerIds = firstProducerId;
    const state: BrokerState = {
      nodeId: options.nodeId ?? 1,
      advertisedHost,
      advertisedPort: port,
      clusterId: options.clusterId ?? 'flarenet-sandbox',
      log,
      coordinator,
      offsets,
      faults: new BrokerFaults(),
      autoCreateTopics: options.autoCreateTopics ?? true,
      defaultPartitions: options.defaultPartitions ?? 3,
      maxBatchBytes: options.maxBatchBytes ?? 1024 * 1024 + 12,
      now,
      nextProducerId: () => producerIds++,
      waitForAppend: (partitions, maxWaitMs, signal) =>
        waitForAppend(log, [signal, closing.signal], partitions, maxWaitMs),
    };
    const warn = (error: Error): void => process.emitWarning(error, 'SandboxKafkaWarning');
    return new KafkaBroker(server, host, port, state, offsets, closing, options.onConnectionError ?? warn);
  }

  /** `host:port`, as a client's bootstrap servers list takes it. */
  get bootstrap(): string {
    return `${this.state.advertisedHost}:${this.port}`;
  }

  /** Requests answered since the start; for tests and figures. */
  get requestsServed(): number {
    return this.requestCount;
  }

  /** Requests answered since the start, by API name ("OffsetFetch"); for tests and the bench. */
  requestCountsByApi(): ReadonlyMap<string, number> {
    return new Map(this.requestsPerApi);
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Expires group members and rebalances on the broker's clock; the sandbox calls it every tick. */
  tick(): void {
    this.coordinator.checkTimeouts();
  }

  async close(): Promise<void> {
    this.closing.abort();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const connection = new AbortController();
    const clientHost = `/${socket.remoteAddress ?? 'unknown'}`;
    let pending: Buffer = Buffer.alloc(0);
    const frames: Buffer[] = [];
    let busy = false;

    const drop = (error: Error | null): void => {
      if (error) this.onConnectionError(error);
      socket.destroy();
    };
    const serveQueued = async (): Promise<void> => {
      if (busy) return;
      busy = true;
      try {
        for (let frame = frames.shift(); frame && !socket.destroyed; frame = frames.shift()) {
          const response = await this.answer(frame, clientHost, connection.signal);
          if (response && !socket.destroyed) socket.write(response);
        }
      } catch (error) {
        drop(error instanceof Error ? error : new Error(String(error)));
      } finally {
        busy = false;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4) {
        const size = pending.readInt32BE(0);
        if (size < 8 || size > maxFrameBytes) {
          drop(new MalformedKafkaData(`A client at ${clientHost} sent a frame of ${size} bytes`));
          return;
        }
        if (pending.length < 4 + size) break;
        frames.push(pending.subarray(4, 4 + size));
        pending = pending.subarray(4 + size);
      }
      void serveQueued();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.abort();
      this.sockets.delete(socket);
    });
  }

  /** The framed response to one request, null when none is due; throws to close the connection. */
  private async answer(frame: Buffer, clientHost: string, signal: AbortSignal): Promise<Buffer | null> {
    const reader = new WireReader(frame);
    const apiKey = reader.int16();
    const version = reader.int16();
    const correlationId = reader.int32();
    const clientId = reader.nullableString();
    const api = brokerApis.get(apiKey);
    let body: Buffer | null;
    if (api === apiVersionsApi && version > api.maxVersion) {
      body = unsupportedApiVersionsBody(this.state.faults);
    } else if (!api) {
      // Kafka closes the connection on a request it cannot parse; so does this broker.
      throw new MalformedKafkaData(`Unknown API key ${apiKey} from ${clientId ?? clientHost}`);
    } else if (version < api.minVersion || version > this.state.faults.servedMaxVersion(api)) {
      throw new MalformedKafkaData(
        `${api.name} v${version} from ${clientId ?? clientHost} is not supported (v${api.minVersion}–v${this.state.faults.servedMaxVersion(api)})`,
      );
    } else {
      // A flexible request's header (v2) ends with tagged fields after the client id.
      if (version >= api.flexibleFrom) {
        reader.flexible = true;
        reader.taggedFields();
      }
      const context: RequestContext = { broker: this.state, version, clientId, clientHost, signal };
      body = await api.serve(reader, context);
    }
    this.requestCount++;
    if (api) this.requestsPerApi.set(api.name, (this.requestsPerApi.get(api.name) ?? 0) + 1);
    if (body === null) return null;
    // So does a flexible response's header (v1), except ApiVersions', which clients read before they know.
    const taggedHeader = api !== undefined && api !== apiVersionsApi && version >= api.flexibleFrom;
    const headerBytes = taggedHeader ? 5 : 4;
    const response = new WireWriter(4 + headerBytes + body.length);
    response.int32(headerBytes + body.length).int32(correlationId);
    if (taggedHeader) response.taggedFields();
    return response.raw(body).toBuffer();
  }
}

/** Resolves on an append to one of `partitions` (`topic\0partition` keys), a deleted topic, `maxWaitMs` or an abort. */
function waitForAppend(
  log: BrokerLog,
  signals: readonly AbortSignal[],
  partitions: ReadonlySet<string>,
  maxWaitMs: number,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      for (const signal of signals) signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, maxWaitMs);
    const unsubscribe = log.onAppend((topic, partition) => {
      if (partition === -1 || partitions.has(partitionKey(topic, partition))) finish();
    });
    for (const signal of signals) signal.addEventListener('abort', finish);
    if (signals.some((signal) => signal.aborted)) finish();
  });
}
