import { describe, expect, it } from 'vitest';
import {
  clockText,
  dateText,
  dateTimeText,
  isoTime,
  isSameLocalDay,
  utcText,
  zonedDateTimeText,
  zoneLabel,
} from './clockText';

/** 2026-12-03 14:03:07.045 UTC: winter in Berlin (UTC+01:00). */
const winter = Date.UTC(2026, 11, 3, 14, 3, 7, 45);
/** 2026-07-01 23:30:00 UTC: summer, and already the next day east of UTC. */
const summer = Date.UTC(2026, 6, 1, 23, 30, 0);

describe('local clock texts', () => {
  it.each([
    ['UTC', winter, '14:03:07', '2026-12-03'],
    ['Europe/Berlin', winter, '15:03:07', '2026-12-03'],
    ['Europe/Berlin', summer, '01:30:00', '2026-07-02'],
    ['America/New_York', summer, '19:30:00', '2026-07-01'],
    ['Asia/Kolkata', winter, '19:33:07', '2026-12-03'],
  ])('in %s', (timeZone, at, clock, date) => {
    expect(clockText(at, { timeZone })).toBe(clock);
    expect(dateText(at, { timeZone })).toBe(date);
    expect(dateTimeText(at, { timeZone })).toBe(`${date} ${clock}`);
  });

  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'])(
    'agrees with Intl across the daylight-saving changes of 2026 in %s',
    (timeZone) => {
      const intl = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      // Every 66 min 53 s through the year: each change falls between two checks an hour apart,
      // at a different minute each time.
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 4_013_000) {
        expect(clockText(at, { timeZone }), new Date(at).toISOString()).toBe(intl.format(at));
      }
    },
  );

  it('writes midnight as 00, never 24', () => {
    expect(clockText(Date.UTC(2026, 0, 1, 0, 0, 5), { timeZone: 'UTC' })).toBe('00:00:05');
  });

  it('shows minutes, seconds or milliseconds as asked', () => {
    const timeZone = 'Europe/Berlin';
    expect(clockText(winter, { timeZone, precision: 'minute' })).toBe('15:03');
    expect(clockText(winter, { timeZone, precision: 'second' })).toBe('15:03:07');
    expect(clockText(winter, { timeZone, precision: 'millisecond' })).toBe('15:03:07.045');
  });

  it('knows when two moments are on the same local day', () => {
    const before = Date.UTC(2026, 6, 1, 21, 0, 0);
    expect(isSameLocalDay(before, summer, { timeZone: 'UTC' })).toBe(true);
    expect(isSameLocalDay(before, summer, { timeZone: 'Europe/Berlin' })).toBe(false);
  });
});

describe('zoneLabel', () => {
  it.each([
    ['UTC', winter, 'UTC'],
    ['Europe/London', winter, 'UTC'],
    ['Europe/London', summer, 'UTC+01:00'],
    ['Europe/Berlin', winter, 'UTC+01:00'],
    ['Europe/Berlin', summer, 'UTC+02:00'],
    ['America/New_York', winter, 'UTC-05:00'],
    ['Asia/Kolkata', winter, 'UTC+05:30'],
    ['America/St_Johns', winter, 'UTC-03:30'],
  ])('%s', (timeZone, at, label) => {
    expect(zoneLabel(at, { timeZone })).toBe(label);
  });

  it('goes with the local date and time in a tooltip', () => {
    expect(zonedDateTimeText(winter, { timeZone: 'Europe/Berlin' })).toBe('2026-12-03 15:03:07 UTC+01:00');
  });
});

describe('times in pasteable text and JSON', () => {
  it('writes UTC in one style, whatever the machine’s zone', () => {
    expect(utcText(winter)).toBe('2026-12-03 14:03:07 UTC');
    expect(utcText(winter, { precision: 'millisecond' })).toBe('2026-12-03 14:03:07.045 UTC');
    expect(utcText(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02 03:04:05 UTC');
  });

  it('writes ISO 8601 for machines', () => {
    expect(isoTime(winter)).toBe('2026-12-03T14:03:07.045Z');
  });
});
