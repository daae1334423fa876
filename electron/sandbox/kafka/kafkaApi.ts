import type { BrokerFaults } from './brokerFaults';
import type { BrokerLog } from './brokerLog';
import type { GroupCoordinator } from './groupCoordinator';
import type { OffsetStore } from './offsetStore';
import type { WireReader } from './wireBuffer';
import { WireWriter } from './wireBuffer';
import type { WireType } from './wireSchema';

/** What every request handler may read and change: the broker's state and identity. */
export interface BrokerState {
  readonly nodeId: number;
  /** The address clients are told to connect to (Metadata, FindCoordinator). */
  readonly advertisedHost: string;
  readonly advertisedPort: number;
  readonly clusterId: string;
  readonly log: BrokerLog;
  readonly coordinator: GroupCoordinator;
  /** Committed offsets of every group, which the coordinator keeps. */
  readonly offsets: OffsetStore;
  /** Errors and older versions set by tests; none by default. */
  readonly faults: BrokerFaults;
  /** Metadata and Produce create unknown topics with this many partitions. */
  readonly autoCreateTopics: boolean;
  readonly defaultPartitions: number;
  /** The largest record batch a producer may send (Kafka's message.max.bytes). */
  readonly maxBatchBytes: number;
  now(): number;
  /** A producer id never given before, for InitProducerId. */
  nextProducerId(): number;
  /**
   * Resolves once one of these partitions (`topic\0partition` keys) gets records, the wait
   * runs out in real time, or the connection or broker closes.
   */
  waitForAppend(partitions: ReadonlySet<string>, maxWaitMs: number, signal: AbortSignal): Promise<void>;
}

export interface RequestContext {
  readonly broker: BrokerState;
  readonly version: number;
  readonly clientId: string | null;
  /** As Kafka shows it in DescribeGroups: "/127.0.0.1". */
  readonly clientHost: string;
  /** Aborted when the connection closes. */
  readonly signal: AbortSignal;
}

export interface KafkaApi {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first flexible version (KIP-482: compact lengths, tagged fields); Infinity when none is served. */
  readonly flexibleFrom: number;
  /** The encoded response body, or null when the request gets no response (Produce with acks 0). */
  serve(body: WireReader, context: RequestContext): Promise<Buffer | null>;
}

export interface ApiDefinition<Request, Response> {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** The first flexible version; none when absent. */
  flexibleFrom?: number;
  request: WireType<Request>;
  response: WireType<Response>;
  handle(request: Request, context: RequestContext): Response | null | Promise<Response | null>;
}

export function defineApi<Request, Response>(definition: ApiDefinition<Request, Response>): KafkaApi {
  return {
    key: definition.key,
    name: definition.name,
    minVersion: definition.minVersion,
    maxVersion: definition.maxVersion,
    flexibleFrom: definition.flexibleFrom ?? Number.POSITIVE_INFINITY,
    serve: async (body, context) => {
      const request = definition.request.read(body, context.version);
      const response = await definition.handle(request, context);
      if (response === null) return null;
      const writer = new WireWriter(512);
      writer.flexible = body.flexible;
      definition.response.write(writer, response, context.version);
      return writer.toBuffer();
    },
  };
}

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
