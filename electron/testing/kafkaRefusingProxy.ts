import { connect, createServer, type Socket } from 'node:net';
import { WireReader, WireWriter } from '../sandbox/kafka/wireBuffer';

/**
 * A Kafka protocol proxy in front of the sandbox broker that answers like a restricted or
 * incomplete broker: one whose ACLs deny some requests, one that lacks some APIs, or one
 * that answers "every committed offset of this group" with nothing, as librdkafka's mock
 * cluster does. Clients talk to it with their ordinary wire protocol; it reads each
 * request's header (Kafka's size-prefixed framing: api key, version, correlation id,
 * client id) and either forwards the request or answers it itself. Metadata and
 * FindCoordinator answers are rewritten to point at the proxy, so clients never go round it.
 *
 * Only non-flexible versions are understood: the proxy advertises no higher version of the
 * APIs it reads or answers, as an older broker would, so clients fall back to those.
 */

export const kafkaApiKey = {
  produce: 0,
  listOffsets: 2,
  metadata: 3,
  offsetFetch: 9,
  findCoordinator: 10,
  describeGroups: 15,
  listGroups: 16,
  apiVersions: 18,
  createTopics: 19,
  initProducerId: 22,
} as const;

export const kafkaErrorCode = {
  topicAuthorizationFailed: 29,
  groupAuthorizationFailed: 30,
  clusterAuthorizationFailed: 31,
} as const;

/** What the proxy does with requests of one API. */
export type Refusal =
  /** Answers every such request itself with this error code, in a well-formed response. */
  | { answer: 'error'; errorCode: number }
  /** Leaves the API out of ApiVersions, and closes a connection that sends it anyway, as a broker does. */
  | { answer: 'unsupported' };

/** The last non-flexible version of the APIs the proxy reads or answers; clients are offered none higher. */
const lastNonFlexibleVersion: Readonly<Record<number, number>> = {
  [kafkaApiKey.metadata]: 8,
  [kafkaApiKey.offsetFetch]: 5,
  [kafkaApiKey.findCoordinator]: 2,
  [kafkaApiKey.describeGroups]: 4,
  [kafkaApiKey.listGroups]: 2,
  [kafkaApiKey.apiVersions]: 2,
  [kafkaApiKey.createTopics]: 4,
};

/** The APIs whose error responses the proxy can write. */
const answerableApis: ReadonlySet<number> = new Set([
  kafkaApiKey.offsetFetch,
  kafkaApiKey.describeGroups,
  kafkaApiKey.listGroups,
  kafkaApiKey.createTopics,
]);

export interface KafkaRefusingProxyOptions {
  /** The broker behind the proxy, `host:port`. */
  upstream: string;
  /** By API key. */
  refuse?: Readonly<Partial<Record<number, Refusal>>>;
  /** OffsetFetch with a null topic list ("all of the group's topics") is answered with no topics. */
  emptyOffsetFetchForAllTopics?: boolean;
}

export interface ProxiedRequest {
  apiKey: number;
  apiVersion: number;
  clientId: string | null;
  /** Whether the broker answered it, or the proxy did (a refusal or an empty answer). */
  answeredBy: 'broker' | 'proxy';
  /** OffsetFetch only: the topics asked for, or null for all of the group's. */
  offsetFetchTopics?: string[] | null;
}

export interface KafkaRefusingProxy {
  /** `host:port` to give clients as their bootstrap broker. */
  bootstrap: string;
  /** Every request seen, in order. */
  readonly requests: readonly ProxiedRequest[];
  close(): Promise<void>;
}

export async function startKafkaRefusingProxy(
  options: KafkaRefusingProxyOptions,
): Promise<KafkaRefusingProxy> {
  const refuse = options.refuse ?? {};
  for (const [key, refusal] of Object.entries(refuse)) {
    if (refusal?.answer === 'error' && !answerableApis.has(Number(key)))
      throw new Error(`The proxy cannot write an error answer for API key ${key}`);
  }
  const [upstreamHost, upstreamPort] = splitHostPort(options.upstream);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const self = { host: '127.0.0.1', port };

  server.on('connection', (client) => {
    const upstream = connect(upstreamPort, upstreamHost);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
    const connection = new ProxiedConnection(client, upstream, { refuse, options, self, requests });
    client.on('data', (chunk: Buffer) => connection.fromClient(chunk));
    upstream.on('data', (chunk: Buffer) => connection.fromBroker(chunk));
  });

  return {
    bootstrap: `${self.host}:${self.port}`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ConnectionContext {
  refuse: Readonly<Partial<Record<number, Refusal>>>;
  options: KafkaRefusingProxyOptions;
  self: { host: string; port: number };
  requests: ProxiedRequest[];
}

interface PendingAnswer {
  correlationId: number;
  apiKey: number;
  apiVersion: number;
  /** The response frame without its size prefix, once known. */
  frame: Buffer | null;
}

/**
 * One client connection and its own connection to the broker. Kafka answers a connection's
 * requests in the order they were sent; answers the proxy writes itself wait their turn
 * behind those still with the broker.
 */
class ProxiedConnection {
  private fromClientBytes: Buffer = Buffer.alloc(0);
  private fromBrokerBytes: Buffer = Buffer.alloc(0);
  private readonly pending: PendingAnswer[] = [];

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly context: ConnectionContext,
  ) {}

  fromClient(chunk: Buffer): void {
    this.fromClientBytes = Buffer.concat([this.fromClientBytes, chunk]);
    let frame: Buffer | null;
    while ((frame = nextFrame(this.fromClientBytes)) !== null) {
      this.fromClientBytes = this.fromClientBytes.subarray(4 + frame.length);
      this.request(frame);
    }
  }

  fromBroker(chunk: Buffer): void {
    this.fromBrokerBytes = Buffer.concat([this.fromBrokerBytes, chunk]);
    let frame: Buffer | null;
    while ((frame = nextFrame(this.fromBrokerBytes)) !== null) {
      this.fromBrokerBytes = this.fromBrokerBytes.subarray(4 + frame.length);
      this.response(frame);
    }
  }

  private request(frame: Buffer): void {
    const reader = new WireReader(frame);
    const apiKey = reader.int16();
    const apiVersion = reader.int16();
    const correlationId = reader.int32();
    const clientId = reader.nullableString();
    const seen: ProxiedRequest = { apiKey, apiVersion, clientId, answeredBy: 'broker' };
    this.context.requests.push(seen);

    const refusal = this.context.refuse[apiKey];
    if (refusal?.answer === 'unsupported') {
      seen.answeredBy = 'proxy';
      this.client.destroy();
      return;
    }
    let answer: Buffer | null = null;
    if (apiKey === kafkaApiKey.offsetFetch) {
      const topics = readOffsetFetchTopics(reader, apiVersion);
      seen.offsetFetchTopics = topics ? [...topics.keys()] : null;
      if (refusal) answer = offsetFetchAnswer(apiVersion, topics ?? new Map(), refusal.errorCode);
      else if (topics === null && this.context.options.emptyOffsetFetchForAllTopics)
        answer = offsetFetchAnswer(apiVersion, new Map(), 0);
    } else if (refusal) {
      answer = errorAnswer(apiKey, apiVersion, reader, refusal.errorCode);
    }

    if (answer) {
      seen.answeredBy = 'proxy';
      const header = new WireWriter(8).int32(correlationId).toBuffer();
      this.pending.push({ correlationId, apiKey, apiVersion, frame: Buffer.concat([header, answer]) });
      this.flush();
      return;
    }
    if (!producesNoAnswer(apiKey, apiVersion, frame, reader.offset)) {
      this.pending.push({ correlationId, apiKey, apiVersion, frame: null });
    }
    this.upstream.write(sizePrefixed(frame));
  }

  private response(frame: Buffer): void {
    const correlationId = frame.readInt32BE(0);
    const entry = this.pending.find((p) => p.frame === null);
    if (!entry || entry.correlationId !== correlationId) {
      // The broker answered out of order or unasked: nothing sensible can follow.
      this.client.destroy();
      return;
    }
    const body = frame.subarray(4);
    entry.frame = Buffer.concat([frame.subarray(0, 4), this.rewrite(entry, body)]);
    this.flush();
  }

  private rewrite(entry: PendingAnswer, body: Buffer): Buffer {
    switch (entry.apiKey) {
      case kafkaApiKey.apiVersions:
        return withoutUnsupportedApis(body, this.context.refuse);
      case kafkaApiKey.metadata:
        return metadataPointingAt(body, entry.apiVersion, this.context.self);
      case kafkaApiKey.findCoordinator:
        return coordinatorPointingAt(body, entry.apiVersion, this.context.self);
      default:
        return body;
    }
  }

  private flush(): void {
    while (this.pending[0]?.frame) {
      const { frame } = this.pending.shift()!;
      this.client.write(sizePrefixed(frame!));
    }
  }
}

function nextFrame(bytes: Buffer): Buffer | null {
  if (bytes.length < 4) return null;
  const size = bytes.readInt32BE(0);
  if (bytes.length < 4 + size) return null;
  return bytes.subarray(4, 4 + size);
}

function sizePrefixed(frame: Buffer): Buffer {
  return Buffer.concat([new WireWriter(4).int32(frame.length).toBuffer(), frame]);
}

function splitHostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), Number(address.slice(colon + 1))];
}

/** Produce with acks 0 gets no response; every other request does. */
function producesNoAnswer(apiKey: number, apiVersion: number, frame: Buffer, bodyAt: number): boolean {
  if (apiKey !== kafkaApiKey.produce) return false;
  const reader = new WireReader(frame.subarray(bodyAt));
  if (apiVersion >= 3) reader.nullableString(); // transactional id
  return reader.int16() === 0;
}

/** The topics and partitions an OffsetFetch asks about; null for all of the group's (v2+). */
function readOffsetFetchTopics(reader: WireReader, version: number): Map<string, number[]> | null {
  reader.string(); // group id
  const count = reader.arrayLength();
  if (count === -1 && version >= 2) return null;
  const topics = new Map<string, number[]>();
  for (let i = 0; i < count; i++) {
    const topic = reader.string();
    const partitions: number[] = [];
    const partitionCount = reader.arrayLength();
    for (let j = 0; j < partitionCount; j++) partitions.push(reader.int32());
    topics.set(topic, partitions);
  }
  return topics;
}

/**
 * OffsetFetch answered without the broker: no topics (the mock cluster's answer to a null
 * list), or a refusal as Kafka writes one: the top-level error code from v2, per partition before.
 */
function offsetFetchAnswer(
  version: number,
  topics: ReadonlyMap<string, number[]>,
  errorCode: number,
): Buffer {
  const writer = new WireWriter(64);
  if (version >= 3) writer.int32(0);
  const listed = version >= 2 && errorCode !== 0 ? [] : [...topics];
  writer.int32(listed.length);
  for (const [topic, partitions] of listed) {
    writer.string(topic).int32(partitions.length);
    for (const partition of partitions) {
      writer.int32(partition).int64(-1);
      if (version >= 5) writer.int32(-1);
      writer.nullableString('').int16(errorCode);
    }
  }
  if (version >= 2) writer.int16(errorCode);
  return writer.toBuffer();
}

function errorAnswer(apiKey: number, version: number, reader: WireReader, errorCode: number): Buffer {
  const writer = new WireWriter(64);
  switch (apiKey) {
    case kafkaApiKey.listGroups:
      if (version >= 1) writer.int32(0);
      return writer.int16(errorCode).int32(0).toBuffer();
    case kafkaApiKey.describeGroups: {
      const groups: string[] = [];
      const count = reader.arrayLength();
      for (let i = 0; i < count; i++) groups.push(reader.string());
      if (version >= 1) writer.int32(0);
      writer.int32(groups.length);
      for (const groupId of groups) {
        writer.int16(errorCode).string(groupId).string('').string('').string('').int32(0);
        if (version >= 3) writer.int32(-2147483648);
      }
      return writer.toBuffer();
    }
    case kafkaApiKey.createTopics: {
      // Each topic's name, past its partitions, replication, assignments and configs.
      const topics: string[] = [];
      const count = reader.arrayLength();
      for (let i = 0; i < count; i++) {
        topics.push(reader.string());
        reader.int32();
        reader.int16();
        const assignments = reader.arrayLength();
        for (let j = 0; j < assignments; j++) {
          reader.int32();
          const brokers = reader.arrayLength();
          for (let k = 0; k < brokers; k++) reader.int32();
        }
        const configs = reader.arrayLength();
        for (let j = 0; j < configs; j++) {
          reader.string();
          reader.nullableString();
        }
      }
      if (version >= 2) writer.int32(0);
      writer.int32(topics.length);
      for (const topic of topics) {
        writer.string(topic).int16(errorCode);
        if (version >= 1) writer.nullableString('Authorization failed.');
      }
      return writer.toBuffer();
    }
    default:
      throw new Error(`No error answer for API key ${apiKey}`);
  }
}

/** ApiVersions (its v0 layout, which every answer the sandbox gives has) without the refused APIs, nor flexible versions of those the proxy reads. */
function withoutUnsupportedApis(body: Buffer, refuse: ConnectionContext['refuse']): Buffer {
  const reader = new WireReader(body);
  const errorCode = reader.int16();
  const count = reader.arrayLength();
  const kept: Array<[number, number, number]> = [];
  for (let i = 0; i < count; i++) {
    const [key, min, max] = [reader.int16(), reader.int16(), reader.int16()];
    if (refuse[key]?.answer !== 'unsupported')
      kept.push([key, min, Math.min(max, lastNonFlexibleVersion[key] ?? max)]);
  }
  const writer = new WireWriter(body.length).int16(errorCode).int32(kept.length);
  for (const [key, min, max] of kept) writer.int16(key).int16(min).int16(max);
  return writer.raw(reader.raw(reader.remaining)).toBuffer();
}

/** Metadata with every broker at the proxy's address; the rest as the broker wrote it. */
function metadataPointingAt(body: Buffer, version: number, self: { host: string; port: number }): Buffer {
  const reader = new WireReader(body);
  const writer = new WireWriter(body.length + 64);
  if (version >= 3) writer.int32(reader.int32());
  const count = reader.arrayLength();
  writer.int32(count);
  for (let i = 0; i < count; i++) {
    writer.int32(reader.int32());
    reader.string();
    reader.int32();
    writer.string(self.host).int32(self.port);
    if (version >= 1) writer.nullableString(reader.nullableString());
  }
  return writer.raw(reader.raw(reader.remaining)).toBuffer();
}

/** FindCoordinator naming the proxy as the coordinator. */
function coordinatorPointingAt(body: Buffer, version: number, self: { host: string; port: number }): Buffer {
  const reader = new WireReader(body);
  const writer = new WireWriter(body.length + 64);
  if (version >= 1) writer.int32(reader.int32());
  const errorCode = reader.int16();
  writer.int16(errorCode);
  if (version >= 1) writer.nullableString(reader.nullableString());
  const nodeId = reader.int32();
  reader.string();
  reader.int32();
  writer.int32(nodeId);
  if (errorCode === 0) writer.string(self.host).int32(self.port);
  else writer.string('').int32(-1);
  return writer.raw(reader.raw(reader.remaining)).toBuffer();
}
