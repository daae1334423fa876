import {
  clockText,
  dateTimeText,
  isoTime,
  isSameLocalDay,
  localTimeZone,
  zonedDateTimeText,
  zoneLabel,
  type ClockPrecision,
} from '../../../shared/time/clockText';
import { useNow } from './useNow';

/**
 * A moment on screen, in local time: "14:03:07", with the date in front when it is not today.
 * Its tooltip gives the date, time and zone ("2026-12-03 14:03:07 UTC+01:00") and `dateTime`
 * keeps ISO for machines. Every time the UI shows is one of these, so the zone in the status
 * bar (`LocalZone`) and the tooltips speak for all of them.
 */
export function LocalTime({
  at,
  date = 'unless-today',
  precision = 'second',
  className,
}: {
  at: number;
  /**
   * 'unless-today' (the default) for things that may be days old; 'always' where a list mixes
   * days; 'never' in fixed-width columns and under headings that already say the day.
   */
  date?: 'unless-today' | 'always' | 'never';
  precision?: ClockPrecision;
  className?: string;
}) {
  const withDate = date === 'always' || (date === 'unless-today' && !isToday(at));
  return (
    <time className={className} dateTime={isoTime(at)} title={zonedDateTimeText(at, { precision })}>
      {withDate ? dateTimeText(at, { precision }) : clockText(at, { precision })}
    </time>
  );
}

/** The zone times on screen are in: "UTC+01:00", kept current across a change of daylight saving time. */
export function useLocalZone(): { label: string; name: string; description: string } {
  const now = useNow(60_000);
  const label = zoneLabel(now);
  const name = localTimeZone();
  return { label, name, description: `Local time, ${label} (${name})` };
}

/** The status bar's note of the zone every time on screen is in. */
export function LocalZone() {
  const zone = useLocalZone();
  return (
    <span
      className="status-item muted mono"
      data-testid="local-zone"
      title={`${zone.description}: every time on screen. Copied text and the command line use UTC.`}
    >
      {zone.label}
    </span>
  );
}

/** Read at render: a time listed yesterday gains its date when the list next redraws. */
function isToday(at: number): boolean {
  return isSameLocalDay(at, Date.now());
}
