import type { HealthState } from '../../../shared/fleet/fleetModel';
import './fleet.css';
import { healthPresentation } from './healthPresentation';

/** Health as a glyph and a word; the colour comes from the `health-*` class as a second cue. */
export function HealthBadge({ health, reason }: { health: HealthState; reason?: string }) {
  const { glyph, label } = healthPresentation[health];
  return (
    <span className={`health-badge health-${health}`} title={reason}>
      <span className="health-glyph" aria-hidden="true">
        {glyph}
      </span>
      <span className="health-label">{label}</span>
    </span>
  );
}
