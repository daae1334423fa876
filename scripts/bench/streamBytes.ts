/**
 * Bytes on the console host's WebSocket, counted by a client that speaks the console
 * protocol as the renderer does (the shared framed client over the `ws` package, which offers
 * compression as browsers do) and subscribes as the page does: the services table's window of
 * the fleet (then with a service selected) and the lag stream. Each message is
 * counted against the stream it belongs to, so the fleet's quiet minute and the lag's busy one
 * are told apart, both as its text and as the bytes that crossed the network for it.
 */
import WebSocket from 'ws';
import { fleetWindowRows, type FleetWindowEvent } from '../../shared/fleet/fleetWindowModel';
import { countedServices } from '../../shared/fleet/fleetView';
import type { WindowRequest } from '../../shared/live/windowedStream';
import { fleetCatalog, fleetWindow } from '../../shared/ipc/fleet';
import { FramedClient } from '../../shared/ipc/framedClient';
import { kafkaLagWindow } from '../../shared/ipc/kafka';
import { lagSortText, lagWindowRows } from '../../shared/kafka/lagWindowModel';
import { defaultLagSort } from '../../shared/kafka/lagSort';
import { serverMessageSchema, type ClientMessage } from '../../shared/ipc/protocol';

export interface StreamTally {
  messages: number;
  /** On the wire, compressed. */
  bytes: number;
  /** The messages' text, as the page reads it. */
  textBytes: number;
  largest: number;
}

/** One message received: its stream ("fleet.window"; "results" for answers to requests), size and time. */
export interface ReceivedMessage {
  channel: string;
  /** What crossed the network for it: its compressed frames. */
  bytes: number;
  /** Its text once decompressed. */
  textBytes: number;
  at: number;
  /** For fleet messages: how many services the message describes (a delta's changed ones). */
  services?: number;
}

export interface StreamClient {
  /** Every message received so far. */
  received(): readonly ReceivedMessage[];
  /** Services in the fleet as the window's counts say. */
  services(): number;
  /** Resolves when the window's counts reach this many services. */
  untilServices(count: number, timeoutMs: number): Promise<void>;
  /** Selects a service as the page does: looks it up in the catalog and holds it in the window. */
  select(clusterName: string, serviceName: string): Promise<void>;
  /** Any stream ended or failed, in words. */
  problems(): string[];
  close(): void;
}

export async function connectStreamClient(hostUrl: string): Promise<StreamClient> {
  const page = new URL(hostUrl);
  const socketUrl = `ws://${page.host}/ws?token=${encodeURIComponent(page.searchParams.get('token') ?? '')}`;
  const socket = new WebSocket(socketUrl, { origin: page.origin });
  // The network side of the socket: what was read off it between two messages is the second's.
  let network: { bytesRead: number } | null = null;
  let readBefore = 0;
  socket.once('upgrade', (response) => {
    network = response.socket;
    readBefore = network.bytesRead;
  });
  const client = new FramedClient();
  const channels = new Map<number, string>();
  const received: ReceivedMessage[] = [];
  const problems: string[] = [];
  /** Services per cluster, as the window's counts say. */
  const fleetCounts = new Map<string, number>();
  const waiters = new Set<() => void>();

  socket.on('message', (data: WebSocket.RawData) => {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      problems.push('the host sent a message that is not JSON');
      return;
    }
    const parsed = serverMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    const channel =
      message.type === 'result'
        ? 'results'
        : 'id' in message
          ? (channels.get(message.id) ?? 'other')
          : 'other';
    const read = network?.bytesRead ?? readBefore;
    received.push({
      channel,
      bytes: read - readBefore,
      textBytes: Buffer.byteLength(text),
      at: performance.now(),
    });
    readBefore = read;
    client.receive(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('close', () => client.connectionLost('the host closed the socket', false));
  client.connectionOpened((message: ClientMessage) => {
    if (message.type === 'subscribe') channels.set(message.id, message.channel);
    socket.send(JSON.stringify(message));
  });

  const onEnd = (channel: string) => (error?: { message: string }) => {
    problems.push(`${channel} ended${error ? `: ${error.message}` : ''}`);
  };
  // The page's subscription: the table's first window, and the selected service once one is.
  let closeWindow = () => {};
  const openWindow = (pinned: string[]) => {
    closeWindow();
    closeWindow = client.transport.subscribe(
      fleetWindow.name,
      { filter: '', offset: 0, limit: fleetWindowRows, pinned } satisfies WindowRequest,
      {
        onEvent: (event: unknown) => {
          try {
            const described = followWindow(fleetCounts, event as FleetWindowEvent);
            const last = received.at(-1);
            if (last?.channel === fleetWindow.name) last.services = described;
          } catch (error) {
            problems.push(`the fleet stream sent an event the bench cannot read: ${String(error)}`);
          }
          for (const wake of [...waiters]) wake();
        },
        onEnd: onEnd(fleetWindow.name),
      },
    );
  };
  openWindow([]);
  client.transport.subscribe(
    kafkaLagWindow.name,
    {
      filter: '',
      sort: lagSortText(defaultLagSort),
      offset: 0,
      limit: lagWindowRows,
      pinned: [],
    } satisfies WindowRequest,
    {
      // Only its bytes are of interest.
      onEvent: () => undefined,
      onEnd: onEnd(kafkaLagWindow.name),
    },
  );
  const fleetSize = () => [...fleetCounts.values()].reduce((sum, value) => sum + value, 0);

  return {
    received: () => received,
    services: fleetSize,
    untilServices: (count, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (fleetSize() >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          } else if (problems.length > 0) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(new Error(problems.join('; ')));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `the fleet stream counted ${fleetSize()} of ${count} services after ${timeoutMs / 1000} s`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    select: async (clusterName, serviceName) => {
      const answer = await client.transport.invoke(fleetCatalog.name, {});
      if (!answer.ok) throw new Error(`the fleet catalog was refused: ${answer.error.message}`);
      const { services } = fleetCatalog.response.parse(answer.value);
      const service = services.find((s) => s.clusterName === clusterName && s.serviceName === serviceName);
      if (!service) throw new Error(`${serviceName} is not in ${clusterName}`);
      openWindow([service.key]);
    },
    problems: () => [...problems],
    close: () => socket.close(),
  };
}

/**
 * Keeps every cluster's service count as the window's counts give it (the whole fleet, as
 * main counts it); returns how many services the event describes.
 */
function followWindow(counts: Map<string, number>, event: FleetWindowEvent): number {
  if (event.type === 'snapshot') counts.clear();
  for (const { group, counts: health } of event.counts ?? []) {
    counts.set(group, countedServices(health));
  }
  if (event.type === 'snapshot') return event.snapshot.services.length;
  const { added = [], patched = [], removed = [] } = event.delta;
  return added.length + patched.length + removed.length;
}

/** Messages, bytes and the largest message by stream, of what arrived in [from, to). */
export function tallyByChannel(
  received: readonly ReceivedMessage[],
  from: number,
  to: number,
): Map<string, StreamTally> {
  const tallies = new Map<string, StreamTally>();
  for (const message of received) {
    if (message.at < from || message.at >= to) continue;
    const tally = tallies.get(message.channel) ?? { messages: 0, bytes: 0, textBytes: 0, largest: 0 };
    tallies.set(message.channel, {
      messages: tally.messages + 1,
      bytes: tally.bytes + message.bytes,
      textBytes: tally.textBytes + message.textBytes,
      largest: Math.max(tally.largest, message.bytes),
    });
  }
  return tallies;
}
