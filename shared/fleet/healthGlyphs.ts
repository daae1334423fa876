import type { HealthState } from './fleetModel';

/**
 * One glyph per health state, the same on screen, in the terminal and in the topology
 * text. They differ in shape, not only in colour, so health reads on a monochrome
 * terminal, in a log file, on a wall screen seen in grey and for colour-blind readers;
 * colour is a second cue added where there is any.
 */
export const healthGlyphs: Readonly<Record<HealthState, string>> = {
  healthy: '✓',
  deploying: '◐',
  degraded: '▲',
  failed: '✖',
  stale: '○',
};
