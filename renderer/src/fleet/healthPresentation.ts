import type { HealthState } from '../../../shared/fleet/fleetModel';

/**
 * How health reads on screen: the glyph from `healthGlyphs` and the state's own word carry
 * the meaning on their own (a wall screen may be seen in grey, or by someone who does not
 * tell red from green); colour is a second cue added by the stylesheet.
 */

/** Worst first: the order summaries list states in. */
export const healthStatesBySeverity: readonly HealthState[] = [
  'failed',
  'degraded',
  'stale',
  'deploying',
  'healthy',
];
