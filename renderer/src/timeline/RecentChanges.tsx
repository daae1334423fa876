import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { describeIpcError } from '../app/errorText';
import { hashForView } from '../app/views';
import { useTimeline } from './timelineFeed';
import './timeline.css';
import { TimelineRow } from './TimelineView';
import { foldAlikeEvents, groupByMinute } from './timelineListing';

/** How many of the newest changes the strip shows. */
const shownChanges = 6;

/** A service's newest changes, for its detail panel, with the way to the whole timeline. */
export function RecentChanges({ service }: { service: Pick<ServiceSummary, 'serviceName' | 'environment'> }) {
  const timeline = useTimeline({ service: service.serviceName, environment: service.environment });
  // The same ECS event about many tasks is one line, as in the timeline.
  const newest = groupByMinute(timeline.entries.slice(-200), 'newest-first')
    .flatMap((minute) => foldAlikeEvents(minute.entries))
    .slice(0, shownChanges);
  const link = hashForView('timeline', new URLSearchParams({ service: service.serviceName }));
  return (
    <div className="recent-changes" data-testid="recent-changes">
      {!timeline.loaded ? (
        <p className="muted">
          {timeline.error
            ? timeline.error.code === 'UNKNOWN_CHANNEL'
              ? 'This console records no timeline.'
              : `Could not read the timeline: ${describeIpcError(timeline.error)}`
            : 'Reading the timeline…'}
        </p>
      ) : newest.length === 0 ? (
        <p className="muted">No changes recorded for this service.</p>
      ) : (
        <ol className="timeline-entries compact">
          {newest.map(({ entry, alike }) => (
            <TimelineRow key={entry.id} entry={entry} alike={alike} />
          ))}
        </ol>
      )}
      <a className="small" href={link}>
        All changes in the timeline ({timeline.entries.length}) →
      </a>
    </div>
  );
}
