/**
 * The words lag is read in, shared by the status lines built in main and the figures the
 * renderer shows beside them, so a reason line and its table agree on how "3 400" and "4m 12s" look.
 */

/** A narrow no-break space groups digits without letting a line break split a number. */
const digitGroupSeparator = '\u202f';

/** "950", "3 400", "1 250 000": message counts grouped by thousands. */
export function formatCount(count: number): string {
  const rounded = Math.round(count);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, digitGroupSeparator);
  return rounded < 0 ? `-${digits}` : digits;
}

/**
 * A duration in the compact form lag and ETAs are read in: "45s", "4m 12s", "1h 5m", "3d 4h".
 * Two units at most; a fraction of a second rounds down to "0s".
 */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${total % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** "1 partition", "3 partitions". */
export function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}
