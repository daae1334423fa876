/**
 * The counts lag is read in, shared by the status lines built in main and the figures the
 * renderer shows beside them, so a reason line and its table agree on how "3 400" looks.
 * Durations are written by shared/time/durationText.ts.
 */

/** A narrow no-break space groups digits without letting a line break split a number. */
const digitGroupSeparator = '\u202f';

/** "950", "3 400", "1 250 000": message counts grouped by thousands. */
export function formatCount(count: number): string {
  const rounded = Math.round(count);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, digitGroupSeparator);
  return rounded < 0 ? `-${digits}` : digits;
}

/** "1 partition", "3 partitions". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
