import type { HealthState } from '../../../shared/fleet/fleetModel';

/**
 * How each health state reads on screen. The glyph and the word carry the meaning on
 * their own (a wall screen may be seen in grey, or by someone who does not tell red
 * from green); colour is a second cue added by the stylesheet.
 */
export const healthPresentation: Readonly<Record<HealthState, { glyph: string; label: string }>> = {
  healthy: { glyph: '✓', label: 'healthy' },
  deploying: { glyph: '◐', label: 'deploying' },
  degraded: { glyph: '▲', label: 'degraded' },
  failed: { glyph: '✖', label: 'failed' },
  stale: { glyph: '○', label: 'stale' },
};

/** Worst first: the order summaries list states in. */
export const healthStatesBySeverity: readonly HealthState[] = [
  'failed',
  'degraded',
  'stale',
  'deploying',
  'healthy',
];
