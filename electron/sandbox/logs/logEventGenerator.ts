import { createSeededRandom, type SeededRandom } from '../seededRandom';
import { formatLogRecord, type LogRecord } from './logFormats';
import type { LogStreamFacts } from './logStreamRegistry';
import {
  configurationLine,
  connectedLine,
  connectionRefusedLine,
  crashLines,
  drainingLine,
  exitLine,
  failingLine,
  listeningLine,
  servingLine,
  startingLine,
  stoppingLine,
} from './logMessages';

/**
 * A stream's lines, generated when asked for rather than stored: time is cut into windows,
 * and a window's lines come from a random source seeded by (stream, window), so asking twice
 * gives the same lines however far apart the asks are. A window holds a fixed number of
 * candidate moments; each is kept with a probability set by what the task was doing at that
 * moment (starting, serving, failing, draining), which is known for every moment up to now.
 * Scripted lines (startup, shutdown, crash) sit at the moments the simulation reports.
 */

export interface GeneratedLogEvent {
  readonly timestamp: number;
  readonly ingestionTime: number;
  readonly message: string;
  /** Fixed width and led by the timestamp, so ids sort as events do. */
  readonly eventId: string;
  readonly stream: LogStreamFacts;
}

export const windowMs = 5000;
/** The busiest a stream gets, in lines per second: a failing task's retries and refusals. */
const maxRate = 8;
const candidatesPerWindow = (maxRate * windowMs) / 1000;
const startupMs = 1000;
const failingRate = 8;
const drainingRate = 0.4;
/** How late CloudWatch ingests a line at most, after the moment it was written. */
export const maxIngestionDelayMs = 700;
const cachedWindows = 4000;

type Activity = 'starting' | 'serving' | 'failing' | 'draining' | 'silent';

export class LogEventGenerator {
  /** Windows that lie wholly in the past never change again; recently read ones are kept. */
  private readonly cache = new Map<string, GeneratedLogEvent[]>();

  /** The stream's events in window `index` up to `knownUntil` (the simulation's now), in order. */
  eventsInWindow(stream: LogStreamFacts, index: number, knownUntil: number): GeneratedLogEvent[] {
    const start = index * windowMs;
    const end = start + windowMs - 1;
    if (end < stream.startedAt || (stream.endsAt !== null && start > stream.endsAt) || start > knownUntil)
      return [];
    const final = end < knownUntil;
    const key = `${stream.groupName}|${stream.streamName}|${index}`;
    if (final) {
      const cached = this.cache.get(key);
      if (cached) {
        this.cache.delete(key);
        this.cache.set(key, cached);
        return cached;
      }
    }
    const events = [
      ...this.randomEvents(stream, index, knownUntil),
      ...scriptedEvents(stream).filter(
        (event) => event.timestamp >= start && event.timestamp <= end && event.timestamp <= knownUntil,
      ),
    ].sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    if (final) {
      this.cache.set(key, events);
      if (this.cache.size > cachedWindows) this.cache.delete(this.cache.keys().next().value!);
    }
    return events;
  }

  private randomEvents(stream: LogStreamFacts, index: number, knownUntil: number): GeneratedLogEvent[] {
    const random = createSeededRandom(mix(stream.hash, index));
    const start = index * windowMs;
    const offsets = Array.from({ length: candidatesPerWindow }, () =>
      Math.floor(random.next() * windowMs),
    ).sort((a, b) => a - b);
    const events: GeneratedLogEvent[] = [];
    offsets.forEach((offset, candidate) => {
      const timestamp = start + offset;
      if (timestamp > knownUntil) return;
      const activity = activityAt(stream, timestamp);
      const keep = random.next() < rateOf(stream, activity) / maxRate;
      if (!keep) return;
      const record = randomRecord(stream, activity, random);
      events.push(makeEvent(stream, timestamp, candidate, record, random));
    });
    return events;
  }
}

function activityAt(stream: LogStreamFacts, timestamp: number): Activity {
  if (timestamp < stream.startedAt + startupMs) return 'starting';
  if (stream.endsAt !== null && timestamp >= stream.endsAt) return 'silent';
  if (stream.stoppingAt !== null && timestamp >= stream.stoppingAt)
    return stream.outcome === 'crashes' ? 'silent' : 'draining';
  if (stream.outcome === 'healthy') return 'serving';
  return stream.outcome === 'fails-health-check' ? 'failing' : 'starting';
}

function rateOf(stream: LogStreamFacts, activity: Activity): number {
  switch (activity) {
    case 'serving':
      return stream.profile.rate;
    case 'failing':
      return failingRate;
    case 'draining':
      return drainingRate;
    default:
      return 0;
  }
}

function randomRecord(stream: LogStreamFacts, activity: Activity, random: SeededRandom): LogRecord {
  if (activity === 'failing') return failingLine(stream.profile, random);
  if (activity === 'draining') return drainingLine(stream.profile, random);
  return servingLine(stream.profile, random);
}

/** The lines every task writes at the moments its life changes, as far as the simulation has told. */
function scriptedEvents(stream: LogStreamFacts): GeneratedLogEvent[] {
  const { profile, startedAt } = stream;
  const random = createSeededRandom(mix(stream.hash, -1));
  const script: Array<[number, LogRecord]> = [
    [startedAt, startingLine(profile)],
    [startedAt + 150, configurationLine(profile)],
  ];
  if (stream.outcome === 'healthy') {
    script.push([startedAt + 600, connectedLine(profile)], [startedAt + 900, listeningLine(profile)]);
  } else {
    script.push([startedAt + 600, connectionRefusedLine(profile, random)]);
  }
  if (stream.outcome === 'crashes') {
    if (stream.stoppingAt !== null)
      for (const record of crashLines(profile)) script.push([stream.stoppingAt, record]);
  } else {
    if (stream.stoppingAt !== null) script.push([stream.stoppingAt, stoppingLine(profile, stream.stopCode)]);
    if (stream.endsAt !== null) script.push([stream.endsAt, exitLine(profile, stream.outcome)]);
  }
  // Every line is made before any is left out, so each keeps its id and text whatever comes later.
  return script
    .map(([timestamp, record], index) =>
      makeEvent(stream, timestamp, candidatesPerWindow + index, record, random),
    )
    .filter((event) => stream.endsAt === null || event.timestamp <= stream.endsAt);
}

function makeEvent(
  stream: LogStreamFacts,
  timestamp: number,
  sequence: number,
  record: LogRecord,
  random: SeededRandom,
): GeneratedLogEvent {
  const { profile } = stream;
  const message = formatLogRecord(record, {
    format: profile.format,
    service: profile.service,
    version: profile.version,
    timestamp,
    thread: `http-nio-${profile.port}-exec-${random.int(1, 12)}`,
  });
  return {
    timestamp,
    ingestionTime: timestamp + 80 + random.int(0, maxIngestionDelayMs - 80),
    message,
    eventId: eventIdOf(timestamp, stream.hash, sequence),
    stream,
  };
}

export function eventIdOf(timestamp: number, streamHash: number, sequence: number): string {
  return `${String(timestamp).padStart(24, '0')}${String(streamHash).padStart(20, '0')}${String(sequence).padStart(12, '0')}`;
}

/** The smallest and largest ids an event at this time can have, for cursors that stop between events. */
export function eventIdBounds(timestamp: number): { first: string; last: string } {
  const stamp = String(Math.max(0, timestamp)).padStart(24, '0');
  return { first: `${stamp}${'0'.repeat(32)}`, last: `${stamp}${'9'.repeat(32)}` };
}

export function windowOf(timestamp: number): number {
  return Math.floor(timestamp / windowMs);
}

function mix(hash: number, index: number): number {
  let mixed = Math.imul(hash ^ Math.imul(index | 0, 0x9e3779b1), 0x85ebca6b);
  mixed ^= mixed >>> 13;
  return Math.imul(mixed, 0xc2b2ae35) >>> 0;
}
