import { spokenDuration } from '../../../shared/time/durationText';
import { useNow } from './useNow';

/**
 * "data 42 s old", counted on main's clock (`clockOffsetMs` is the renderer's clock minus
 * main's) and kept ticking between events.
 */
export function DataAge({
  lastSuccessAt,
  clockOffsetMs,
}: {
  lastSuccessAt: number | null;
  clockOffsetMs: number;
}) {
  const now = useNow();
  if (lastSuccessAt === null) return <span>no data yet</span>;
  return (
    <span className="mono">
      data {spokenDuration(now - clockOffsetMs - lastSuccessAt, { finestUnit: 'second' })} old
    </span>
  );
}
