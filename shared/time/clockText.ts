/**
 * How the console writes a moment. Two audiences, two rules:
 *
 * - on screen, local time ("14:03:07", with the date for things days old), and the zone said
 *   beside it (`zoneLabel`), because a reader compares it with the clock on their wall;
 * - in text that is pasted or piped (copied topology, CLI output, plan text, messages kept in
 *   the audit log), UTC in one style, "2026-12-03 14:03:07 UTC", the same for everyone who
 *   reads it; ISO 8601 (`isoTime`) where a machine reads it.
 *
 * Local times take an IANA `timeZone`; without one they use the zone of the machine the
 * code runs on, which is what the UI wants and what tests must not depend on.
 */

export type ClockPrecision = 'minute' | 'second' | 'millisecond';

export interface LocalClockOptions {
  /** An IANA zone such as "Europe/Berlin"; the machine's own zone when left out. */
  timeZone?: string;
  /** How fine the time of day is: "14:03", "14:03:07" (the default) or "14:03:07.123". */
  precision?: ClockPrecision;
}

/** The IANA zone local times are shown in when no zone is given: the machine's own. */
export function localTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "14:03:07": the local time of day, 24-hour, fixed width for columns of times. */
export function clockText(epochMs: number, options: LocalClockOptions = {}): string {
  return timeOfDay(wallClock(epochMs, options.timeZone), options.precision ?? 'second');
}

/** "2026-12-03": the local date. */
export function dateText(epochMs: number, options: Pick<LocalClockOptions, 'timeZone'> = {}): string {
  const wall = wallClock(epochMs, options.timeZone);
  return `${wall.year}-${two(wall.month)}-${two(wall.day)}`;
}

/** "2026-12-03 14:03:07": local date and time, for things that may be days old. */
export function dateTimeText(epochMs: number, options: LocalClockOptions = {}): string {
  return `${dateText(epochMs, options)} ${clockText(epochMs, options)}`;
}

/** "2026-12-03 14:03:07 UTC+01:00": a local time that says its zone, for tooltips. */
export function zonedDateTimeText(epochMs: number, options: LocalClockOptions = {}): string {
  return `${dateTimeText(epochMs, options)} ${zoneLabel(epochMs, options)}`;
}

/** Whether two moments fall on the same local day. */
export function isSameLocalDay(
  a: number,
  b: number,
  options: Pick<LocalClockOptions, 'timeZone'> = {},
): boolean {
  return dateText(a, options) === dateText(b, options);
}

/**
 * "UTC+01:00", "UTC-05:00", "UTC+05:30", or "UTC" itself: the zone's offset at that moment
 * (it changes with daylight saving time). An offset rather than a name such as "CET" because
 * it reads the same in every locale and says how to get to UTC.
 */
export function zoneLabel(epochMs: number, options: Pick<LocalClockOptions, 'timeZone'> = {}): string {
  const wall = wallClock(epochMs, options.timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const size = Math.abs(offsetMinutes);
  return `UTC${sign}${two(Math.floor(size / 60))}:${two(size % 60)}`;
}

/**
 * "2026-12-03 14:03:07 UTC" (or "… 14:03:07.123 UTC"): the one style of time in pasteable
 * and piped text, the same for every reader whatever their zone.
 */
export function utcText(epochMs: number, options: Pick<LocalClockOptions, 'precision'> = {}): string {
  return `${utcDateTime(epochMs, options.precision ?? 'second')} UTC`;
}

/** "2026-12-03T14:03:07.000Z": for JSON and `<time dateTime>`, where a machine reads the time. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function utcDateTime(epochMs: number, precision: ClockPrecision): string {
  const iso = isoTime(epochMs);
  const length = precision === 'minute' ? 16 : precision === 'second' ? 19 : 23;
  return iso.slice(0, length).replace('T', ' ');
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    // Parts, not the formatted string: the digits are then the same in every locale.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * A zone's offset from UTC during the quarter hour that holds `epochMs`. Every zone's offset
 * is a whole number of quarter hours and changes only at a quarter hour, so one
 * formatToParts per zone and quarter hour serves every time in it: a table of thousands of
 * rows shows the same few quarter hours.
 */
const quarterHourMs = 15 * 60_000;
const offsetsByQuarterHour = new Map<string, number>();
const offsetsKept = 10_000;

function zoneOffsetMs(epochMs: number, timeZone: string | undefined): number {
  const quarterHour = Math.floor(epochMs / quarterHourMs) * quarterHourMs;
  const key = `${timeZone ?? ''} ${quarterHour}`;
  let offset = offsetsByQuarterHour.get(key);
  if (offset === undefined) {
    const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const part of formatterFor(timeZone).formatToParts(quarterHour)) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    offset = wall - quarterHour;
    if (offsetsByQuarterHour.size >= offsetsKept) offsetsByQuarterHour.clear();
    offsetsByQuarterHour.set(key, offset);
  }
  return offset;
}

function wallClock(epochMs: number, timeZone: string | undefined): WallClock {
  const shifted = new Date(epochMs + zoneOffsetMs(epochMs, timeZone));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
  };
}

function timeOfDay(wall: WallClock, precision: ClockPrecision): string {
  const minute = `${two(wall.hour)}:${two(wall.minute)}`;
  if (precision === 'minute') return minute;
  const second = `${minute}:${two(wall.second)}`;
  return precision === 'second' ? second : `${second}.${String(wall.millisecond).padStart(3, '0')}`;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}
