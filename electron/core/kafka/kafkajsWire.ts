import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';

/**
 * The parts of kafkajs below its admin API that the lag reader sends its batched requests
 * through: kafkajs' cluster (brokers, their connections, already authenticated with TLS,
 * SASL/SCRAM or MSK IAM as the cluster's config says) and its protocol encoders. kafkajs
 * 2.2 does not type these modules; each is given the shape used here. The package is pinned,
 * and the lag reader's tests run every path through them against the sandbox broker.
 */

const require = createRequire(import.meta.url);

export interface KafkajsEncoder {
  writeInt8(value: number): KafkajsEncoder;
  writeInt16(value: number): KafkajsEncoder;
  writeInt32(value: number): KafkajsEncoder;
  writeBoolean(value: boolean): KafkajsEncoder;
  writeUVarInt(value: number): KafkajsEncoder;
  writeUVarIntString(value: string | null): KafkajsEncoder;
  writeUVarIntArray(value: KafkajsEncoder[] | null, type?: 'object'): KafkajsEncoder;
  writeEncoder(value: KafkajsEncoder): KafkajsEncoder;
}

export interface KafkajsDecoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (decoder: KafkajsDecoder) => T): T[] | null;
  readTaggedFields(): void;
}

/** A request as kafkajs' connections send it: an encoder, and how its answer is decoded. */
export interface ProtocolRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<KafkajsEncoder> };
  response: { decode: (payload: Buffer) => Promise<unknown>; parse: (data: unknown) => Promise<unknown> };
}

type RequestBuilder = (args: object) => ProtocolRequest;

export interface KafkajsBroker {
  nodeId: number | null;
  /** The broker's ApiVersions answer: API key → the versions it serves. */
  versions: Record<number, { minVersion: number; maxVersion: number } | undefined> | null;
  lookupRequest(apiKey: number, definition: unknown): RequestBuilder;
  connectionPool: { send(request: ProtocolRequest): Promise<unknown> };
  disconnect(): Promise<void>;
}

export interface KafkajsCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Reads the cluster's brokers (and kafkajs' target topics, none here). */
  refreshMetadata(): Promise<void>;
  findBroker(options: { nodeId: number }): Promise<KafkajsBroker>;
  /** Node ids of the brokers in kafkajs' latest metadata, as strings. */
  getNodeIds(): string[];
}

export const KafkajsEncoderClass = require('kafkajs/src/protocol/encoder') as new () => KafkajsEncoder;
export const KafkajsDecoderClass = require('kafkajs/src/protocol/decoder') as new (
  buffer: Buffer,
) => KafkajsDecoder;
const { requests } = require('kafkajs/src/protocol/requests') as { requests: Record<string, unknown> };
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as {
  createErrorFromCode: (code: number) => Error & { type: string };
};

export const apiKey = {
  listOffsets: 2,
  metadata: 3,
  offsetFetch: 9,
  findCoordinator: 10,
  describeGroups: 15,
  listGroups: 16,
} as const;

/** kafkajs' own error for a Kafka error code (a KafkaJSProtocolError with its `type`), as its admin throws it. */
export function kafkaProtocolError(code: number): Error & { type: string } {
  return createErrorFromCode(code);
}

/**
 * A cluster of the kafkajs client's own making, with the client's config: kafkajs' admin
 * keeps its cluster to itself, and the client builds each one through a private method.
 */
export function createKafkajsCluster(kafka: Kafka): KafkajsCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (candidate) => candidate.description === 'private:Kafka:createCluster',
  );
  const create = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof create !== 'function') {
    throw new Error('This kafkajs version does not build clusters as 2.2 does; the lag reader needs it');
  }
  return (create as (options: object) => KafkajsCluster)({ allowAutoTopicCreation: false });
}

/** The highest version of an API the broker serves, or null when it serves none. */
export function brokerMaxVersion(broker: KafkajsBroker, key: number): number | null {
  return broker.versions?.[key]?.maxVersion ?? null;
}

/**
 * Sends one of kafkajs' own requests at the best version both sides know, and returns its
 * decoded answer with the error codes in it: kafkajs' parsers throw on the first error, where
 * the lag reader needs each group's and partition's own.
 */
export function sendKafkajsRequest<T>(
  broker: KafkajsBroker,
  key: number,
  name: string,
  args: object,
): Promise<T> {
  const build = broker.lookupRequest(key, requests[name]);
  const protocol = build(args);
  return sendRequest<T>(broker, {
    request: protocol.request,
    response: { decode: protocol.response.decode, parse: (data) => Promise.resolve(data) },
  });
}

/** Sends a request over the broker's connection; a connection closed under it is dropped, as kafkajs does. */
export async function sendRequest<T>(broker: KafkajsBroker, protocol: ProtocolRequest): Promise<T> {
  try {
    return (await broker.connectionPool.send(protocol)) as T;
  } catch (error) {
    if (error instanceof Error && error.name === 'KafkaJSConnectionClosedError') await broker.disconnect();
    throw error;
  }
}

/** The Kafka error codes the lag reader tells apart. */
export const kafkaErrorCode = {
  none: 0,
  unknownTopicOrPartition: 3,
  leaderNotAvailable: 5,
  notLeaderOrFollower: 6,
  coordinatorLoadInProgress: 14,
  coordinatorNotAvailable: 15,
  notCoordinator: 16,
} as const;

/** The group's coordinator moved, is not available, or is still loading the group. */
export function isCoordinatorMoved(code: number): boolean {
  return (
    code === kafkaErrorCode.notCoordinator ||
    code === kafkaErrorCode.coordinatorNotAvailable ||
    code === kafkaErrorCode.coordinatorLoadInProgress
  );
}

/** A broker's answer to a version it does not serve: UNSUPPORTED_VERSION, or the connection closed on it. */
export function refusesVersion(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'KafkaJSConnectionClosedError' ||
    (error as { type?: unknown }).type === 'UNSUPPORTED_VERSION' ||
    (error as { type?: unknown }).type === 'INVALID_REQUEST'
  );
}

/** The coordinator the group was found at is no longer its coordinator: find it again. */
export function isCoordinatorGone(code: number): boolean {
  return code === kafkaErrorCode.notCoordinator || code === kafkaErrorCode.coordinatorNotAvailable;
}

/** Leader or topic errors that mean the leaders should be read again. */
export function isLeaderMoved(code: number): boolean {
  return (
    code === kafkaErrorCode.notLeaderOrFollower ||
    code === kafkaErrorCode.leaderNotAvailable ||
    code === kafkaErrorCode.unknownTopicOrPartition
  );
}
