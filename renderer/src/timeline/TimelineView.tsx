import { useMemo, useState } from 'react';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';
import { describeIpcError } from '../app/errorText';
import { clockText } from '../../../shared/time/clockText';
import { LocalTime } from '../app/LocalTime';
import { hashForView, queryFromHash } from '../app/views';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import { useTimeline } from './timelineFeed';
import './timeline.css';
import {
  allKindGroups,
  filterTimeline,
  foldAlikeEvents,
  groupByMinute,
  kindGroups,
  kindWords,
  pageOf,
  servicesOf,
  severityPresentation,
} from './timelineListing';

/** Entries listed at first; "Show more" adds as many again. */
const pageSize = 300;

type Order = 'newest-first' | 'oldest-first';

/**
 * What changed, in time order: deployments, ECS events, consumer groups changing status,
 * error spikes in the logs and the console's own actions — "what changed right before this
 * broke?". Narrowed by service and kind; the service is in the hash, so a link can point here.
 */
export function TimelineView() {
  const timeline = useTimeline({});
  const [service, setService] = useState<string | null>(
    () => queryFromHash(window.location.hash).get('service') || null,
  );
  const [groups, setGroups] = useState<ReadonlySet<string>>(allKindGroups);
  const [order, setOrder] = useState<Order>('newest-first');
  const [limit, setLimit] = useState(pageSize);
  const fleetServices = useFleetCatalog().data;

  const serviceNames = useMemo(() => {
    const names = new Set(servicesOf(timeline.entries));
    for (const entry of fleetServices ?? []) names.add(entry.serviceName);
    return [...names].sort();
  }, [timeline.entries, fleetServices]);
  const matching = useMemo(
    () => filterTimeline(timeline.entries, { service, kindGroups: groups }),
    [timeline.entries, service, groups],
  );
  const minutes = useMemo(
    () => groupByMinute(pageOf(matching, order, limit), order),
    [matching, order, limit],
  );

  const chooseService = (next: string | null) => {
    setService(next);
    const query = new URLSearchParams(next === null ? {} : { service: next });
    window.history.replaceState(null, '', hashForView('timeline', query));
  };
  const toggleGroup = (id: string) =>
    setGroups((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section className="view" data-testid="timeline" aria-label="Incident timeline">
      <header className="view-toolbar">
        <label className="toolbar-option">
          <span>Service</span>
          <select
            value={service ?? ''}
            onChange={(event) => chooseService(event.target.value || null)}
            data-testid="timeline-service"
          >
            <option value="">all services</option>
            {service !== null && !serviceNames.includes(service) && (
              <option value={service}>{service}</option>
            )}
            {serviceNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="option-group">
          <legend className="visually-hidden">Kinds of change</legend>
          {kindGroups.map((group) => (
            <label key={group.id} className="toolbar-option">
              <input
                type="checkbox"
                checked={groups.has(group.id)}
                onChange={() => toggleGroup(group.id)}
                data-testid="timeline-kind"
                data-kind={group.id}
              />
              <span>{group.label}</span>
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="button"
          onClick={() => setOrder(order === 'newest-first' ? 'oldest-first' : 'newest-first')}
          data-testid="timeline-order"
          data-order={order}
          title="Turn the order over"
        >
          {order === 'newest-first' ? 'Newest first ↓' : 'Oldest first ↓'}
        </button>
      </header>
      <p className="view-note timeline-status muted">
        {timeline.recordingSince !== null && (
          <>
            Changes since <LocalTime at={timeline.recordingSince} date="always" />
            {timeline.sources.length > 0 ? ` from ${timeline.sources.join(', ')}` : ''} ·{' '}
          </>
        )}
        {matching.length} of {timeline.entries.length} entries shown
        {timeline.error && (
          <span className="error-text" role="alert">
            {' '}
            ·{' '}
            {timeline.error.code === 'UNKNOWN_CHANNEL'
              ? 'this console records no timeline'
              : describeIpcError(timeline.error)}
          </span>
        )}
      </p>
      <div className="timeline-scroll">
        {!timeline.loaded ? (
          <p className="table-message">
            {timeline.error ? 'The timeline is not available.' : 'Loading the timeline…'}
          </p>
        ) : matching.length === 0 ? (
          <p className="table-message">
            Nothing recorded{service ? ` for ${service}` : ''} with these kinds.
          </p>
        ) : (
          <ol className="timeline-minutes">
            {minutes.map((group) => (
              <li key={group.minute} className="timeline-minute">
                <h3 className="timeline-minute-title">
                  <LocalTime at={group.minute} precision="minute" />
                </h3>
                <ol className="timeline-entries">
                  {foldAlikeEvents(group.entries).map(({ entry, alike }) => (
                    <TimelineRow key={entry.id} entry={entry} alike={alike} onService={chooseService} />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        )}
        {matching.length > limit && (
          <button type="button" className="button timeline-more" onClick={() => setLimit(limit + pageSize)}>
            Show {Math.min(pageSize, matching.length - limit)} more ({matching.length - limit} not shown)
          </button>
        )}
      </div>
    </section>
  );
}

export function TimelineRow({
  entry,
  alike = [],
  onService,
}: {
  entry: TimelineEntry;
  /** Entries like this one that it stands for (see foldAlikeEvents). */
  alike?: readonly TimelineEntry[];
  onService?: (service: string) => void;
}) {
  const severity = severityPresentation[entry.severity];
  const times = alike.length > 0 ? [entry.at, ...alike.map((other) => other.at)] : [];
  return (
    <li
      className={`timeline-entry severity-${entry.severity}`}
      data-testid="timeline-entry"
      data-kind={entry.kind}
      data-severity={entry.severity}
      data-service={entry.service ?? undefined}
      data-group={entry.group ?? undefined}
      data-cluster={entry.cluster ?? undefined}
      data-at={entry.at}
      data-count={alike.length + 1}
    >
      {/* A column as wide as a time of day: the day is in the minute heading above, and in the tooltip. */}
      <LocalTime at={entry.at} date="never" className="mono timeline-time" />
      <span className="timeline-severity">
        <span aria-hidden="true">{severity.glyph}</span> {severity.word}
      </span>
      <span className="timeline-kind">{kindWords[entry.kind]}</span>
      <span className="timeline-text">
        <span className="timeline-title">{entry.title}</span>
        {alike.length > 0 && (
          <span
            className="timeline-alike"
            title={alike.map((other) => `${clockText(other.at)} ${other.title}`).join('\n')}
          >
            {' '}
            ×{alike.length + 1} between <LocalTime at={Math.min(...times)} date="never" /> and{' '}
            <LocalTime at={Math.max(...times)} date="never" />
          </span>
        )}
        {entry.detail && <span className="timeline-detail muted"> — {entry.detail}</span>}
      </span>
      <span className="timeline-where muted">
        {entry.service && onService ? (
          <button type="button" className="link-button" onClick={() => onService(entry.service!)}>
            {entry.service}
          </button>
        ) : (
          entry.service
        )}
        {entry.cluster && <span className="small"> {entry.cluster}</span>}
      </span>
    </li>
  );
}
