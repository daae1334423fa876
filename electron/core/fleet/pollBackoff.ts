/**
 * How long a cluster waits after failed polls: exponential, capped, with full jitter so
 * that several consoles throttled by the same account do not retry in step. A floor keeps
 * an unlucky draw from retrying at once into the same throttle.
 */
export interface BackoffOptions {
  consecutiveFailures: number;
  baseMs: number;
  capMs: number;
  floorMs: number;
  random: () => number;
}

export function backoffDelayMs({
  consecutiveFailures,
  baseMs,
  capMs,
  floorMs,
  random,
}: BackoffOptions): number {
  const exponent = Math.min(Math.max(consecutiveFailures, 1), 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(Math.min(capMs, Math.max(floorMs, random() * ceiling)));
}
