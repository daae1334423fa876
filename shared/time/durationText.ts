/**
 * The two ways the console writes a duration. Every duration on screen, in the CLI and in
 * copied text goes through one of them, so "125 seconds" reads the same wherever it appears:
 *
 * - compact, for table cells, badges, lag and drain times and tight columns: "2m 5s";
 * - spoken, for sentences, reasons, progress lines and status text: "2 min 5 s".
 *
 * Both show two units at most, leave out a second unit that is zero ("2m", "2 min") and never
 * pad with zeros. Both take milliseconds and cut, rather than round, to the units they show,
 * so an age never reads younger than it is.
 */

interface DurationUnits {
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Between a number and its unit: none in the compact style, a space in the spoken one. */
  join: string;
}

const compactUnits: DurationUnits = { day: 'd', hour: 'h', minute: 'm', second: 's', join: '' };
const spokenUnits: DurationUnits = { day: 'd', hour: 'h', minute: 'min', second: 's', join: ' ' };

/** "0s", "45s", "2m 5s", "1h 5m", "3d 4h": for table cells, badges, lag and drain times. */
export function compactDuration(ms: number): string {
  return inUnits(wholeSeconds(ms), compactUnits);
}

export interface SpokenDurationOptions {
  /**
   * The finest unit shown. 'millisecond' (the default) writes durations under a second as
   * "250 ms"; 'second' is for figures a once-a-second clock redraws (ages, elapsed times on
   * screen), where milliseconds would only flicker.
   */
  finestUnit?: 'millisecond' | 'second';
}

/** "250 ms", "45 s", "2 min 5 s", "3 h 12 min", "2 d 4 h": for sentences, reasons and progress lines. */
export function spokenDuration(ms: number, options: SpokenDurationOptions = {}): string {
  const exact = wholeMilliseconds(ms);
  if (exact > 0 && exact < 1000 && options.finestUnit !== 'second') return `${exact} ms`;
  return inUnits(Math.floor(exact / 1000), spokenUnits);
}

/**
 * Whole milliseconds, never negative. Rounding first keeps a duration built from seconds
 * (`lagSeconds * 1000`) from losing a second to floating point (4999.9999 ms is 5 s).
 */
function wholeMilliseconds(ms: number): number {
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : 0;
}

function wholeSeconds(ms: number): number {
  return Math.floor(wholeMilliseconds(ms) / 1000);
}

function inUnits(totalSeconds: number, units: DurationUnits): string {
  const part = (count: number, unit: string) => `${count}${units.join}${unit}`;
  const pair = (major: number, majorUnit: string, minor: number, minorUnit: string) =>
    minor === 0 ? part(major, majorUnit) : `${part(major, majorUnit)} ${part(minor, minorUnit)}`;
  if (totalSeconds < 60) return part(totalSeconds, units.second);
  const minutes = Math.floor(totalSeconds / 60);
  if (minutes < 60) return pair(minutes, units.minute, totalSeconds % 60, units.second);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return pair(hours, units.hour, minutes % 60, units.minute);
  return pair(Math.floor(hours / 24), units.day, hours % 24, units.hour);
}
