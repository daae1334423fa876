import type { HealthState } from '../../../shared/fleet/fleetModel';
import './fleet.css';
import { healthGlyphs } from '../../../shared/fleet/healthGlyphs';

/** Health as a glyph and a word; the colour comes from the `health-*` class as a second cue. */
export function HealthBadge({ health, reason }: { health: HealthState; reason?: string }) {
  return (
    <span className={`health-badge health-${health}`} title={reason}>
      <span className="health-glyph" aria-hidden="true">
        {healthGlyphs[health]}
      </span>
      <span className="health-label">{health}</span>
    </span>
  );
}
