import type { LogEventFilter } from './filterSyntax';
import {
  eventIdBounds,
  type GeneratedLogEvent,
  type LogEventGenerator,
  windowMs,
  windowOf,
} from './logEventGenerator';
import type { LogStreamFacts } from './logStreamRegistry';

/**
 * Reads events out of many streams in time order, window by window, the way FilterLogEvents
 * and GetLogEvents page through a log group. A scan does a bounded amount of work: when the
 * budget runs out it stops with a cursor, so a long empty stretch gives empty pages with a
 * next token, as CloudWatch Logs does, instead of one slow answer.
 */

export interface EventScan {
  streams: readonly LogStreamFacts[];
  /** Timestamps, both included. */
  from: number;
  to: number;
  /** Only events whose ids sort after / before these (cursors from earlier pages). */
  after?: string | undefined;
  before?: string | undefined;
  direction: 'forward' | 'backward';
  /** The simulation's now: lines exist up to it, and are visible once ingested. */
  now: number;
  filter: LogEventFilter;
  limit: number;
  /** Stream-windows a scan may read; default enough for hours of a busy group. */
  budget?: number;
}

export interface ScanPage {
  events: GeneratedLogEvent[];
  /** The scan stopped before the end of its range (limit or budget). */
  more: boolean;
  /** Where a next page starts: after (forward) or before (backward) this id; null when nothing was read. */
  cursor: string | null;
}

const defaultBudget = 6000;

export function scanEvents(generator: LogEventGenerator, scan: EventScan): ScanPage {
  const streams = scan.streams.filter(
    (stream) => stream.startedAt <= scan.to && (stream.endsAt === null || stream.endsAt >= scan.from),
  );
  if (streams.length === 0) return { events: [], more: false, cursor: null };
  const afterTime = scan.after === undefined ? -Infinity : idTime(scan.after);
  const beforeTime = scan.before === undefined ? Infinity : idTime(scan.before);
  const from = Math.max(scan.from, afterTime);
  const to = Math.min(scan.to, beforeTime, scan.now);
  const earliest = Math.min(...streams.map((stream) => stream.startedAt));
  const lower = windowOf(Math.max(from, earliest));
  const upper = windowOf(to);
  const forward = scan.direction === 'forward';
  const budget = scan.budget ?? defaultBudget;
  const events: GeneratedLogEvent[] = [];
  let cost = 0;
  for (
    let index = forward ? lower : upper;
    forward ? index <= upper : index >= lower;
    index += forward ? 1 : -1
  ) {
    const windowStart = index * windowMs;
    const windowEnd = windowStart + windowMs - 1;
    const active = streams.filter(
      (stream) => stream.startedAt <= windowEnd && (stream.endsAt === null || stream.endsAt >= windowStart),
    );
    const found: GeneratedLogEvent[] = [];
    for (const stream of active) {
      for (const event of generator.eventsInWindow(stream, index, scan.now)) {
        if (event.timestamp < from || event.timestamp > to || event.ingestionTime > scan.now) continue;
        if (scan.after !== undefined && event.eventId <= scan.after) continue;
        if (scan.before !== undefined && event.eventId >= scan.before) continue;
        if (scan.filter(event.message)) found.push(event);
      }
    }
    found.sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    if (!forward) found.reverse();
    for (const event of found) {
      events.push(event);
      if (events.length >= scan.limit) return { events, more: true, cursor: event.eventId };
    }
    cost += Math.max(1, active.length);
    const last = forward ? index === upper : index === lower;
    if (cost >= budget && !last) {
      const bounds = eventIdBounds(forward ? windowEnd : windowStart);
      return { events, more: true, cursor: forward ? bounds.last : bounds.first };
    }
  }
  return { events, more: false, cursor: events.at(-1)?.eventId ?? null };
}

/** The timestamp an event id (or a cursor made by eventIdBounds) leads with. */
export function idTime(id: string): number {
  return Number(id.slice(0, 24));
}

/** Whether a text is an id this endpoint made: 56 digits. */
export function isEventId(text: string): boolean {
  return /^\d{56}$/.test(text);
}
