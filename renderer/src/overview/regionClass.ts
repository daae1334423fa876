import type { OverviewRegion } from '../../../shared/overview/overviewText';

/** The CSS classes a region of the drawing is coloured with (overview.css); plain text has none. */
const healthClass = {
  healthy: 'ov-ok',
  deploying: 'ov-info',
  degraded: 'ov-warn',
  failed: 'ov-error',
  stale: 'ov-stale',
} as const;

export function regionClass(region: OverviewRegion | null): string {
  switch (region?.kind) {
    case 'frame':
      return 'ov-frame';
    case 'bar':
      return region.tone === 'none' ? 'ov-bar ov-info' : `ov-bar ov-${region.tone}`;
    case 'health':
      return healthClass[region.state];
    case 'alarm':
      return 'ov-alarm';
    case 'muted':
      return 'ov-muted';
    default:
      return '';
  }
}
