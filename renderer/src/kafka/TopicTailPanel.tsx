import { formatCount } from '../../../shared/kafka/lagWords';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { kafkaListTopics } from '../../../shared/ipc/kafka';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError, describeIpcError } from '../app/errorText';
import { queryKeys } from '../app/queryKeys';
import { useLag, useLagStore } from './lagStoreContext';
import type { TailTarget } from './lagStore';
import { tailBufferLimit } from './tailMessageBuffer';
import { TailMessageList } from './TailMessageList';
import './topicTail.css';
import type { TailPhase, TailView } from './topicTailFeed';
import { useTopicTail } from './useTopicTail';

const phaseWords: Record<TailPhase, string> = {
  idle: 'not started',
  starting: 'starting…',
  running: 'running',
  paused: 'paused',
  reconnecting: 'reconnecting…',
  stopped: 'stopped',
};

/**
 * Watches the messages of one topic go by. It opens from a topic in the group drill-down
 * (started on that topic) or from the top bar (pick a cluster and topic, then start).
 */
export function TopicTailPanel() {
  const request = useLag((state) => state.tail.request);
  // A new request from the drill-down starts the panel over on its topic.
  return <TailPanelBody key={request.id} initial={request.target} autoStart={request.start} />;
}

function TailPanelBody({ initial, autoStart }: { initial: TailTarget | null; autoStart: boolean }) {
  const store = useLagStore();
  const { tail, view } = useTopicTail();
  const clusterNames = useLag((state) => state.clusters);
  const clusters = [...clusterNames.keys()];
  const [cluster, setCluster] = useState(initial?.kafkaCluster ?? clusters[0] ?? '');
  const [topic, setTopic] = useState(initial?.topic ?? '');
  const [fromBeginning, setFromBeginning] = useState(false);

  const effectiveCluster = cluster || clusters[0] || '';
  const topics = useTopics(effectiveCluster);
  const topicNames = topics.data?.topics.map((entry) => entry.name) ?? [];
  // Until the topics are listed, the chosen topic stands; once they are, it must be one of them.
  const effectiveTopic =
    topicNames.length === 0 || topicNames.includes(topic) ? topic : (topicNames[0] ?? '');

  useEffect(() => {
    if (autoStart && initial) tail.start({ ...initial, fromBeginning: false });
    return () => tail.stop();
  }, [tail, autoStart, initial]);

  const active = view.phase !== 'idle' && view.phase !== 'stopped';
  const start = () => {
    if (effectiveCluster && effectiveTopic) {
      tail.start({ kafkaCluster: effectiveCluster, topic: effectiveTopic, fromBeginning });
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // Esc in the panel's fields stays here; the page would otherwise close the drill-down behind it.
    if (event.key === 'Escape') event.stopPropagation();
  };

  return (
    <section className="tail-panel" data-testid="topic-tail" aria-label="Topic tail" onKeyDown={onKeyDown}>
      <header className="view-toolbar">
        <h2 className="caps-title tail-title">Tail</h2>
        <label>
          <span className="visually-hidden">Kafka cluster</span>
          <select
            value={effectiveCluster}
            disabled={active}
            onChange={(event) => {
              setCluster(event.target.value);
              setTopic('');
            }}
          >
            {clusters.length === 0 && <option value="">no Kafka cluster</option>}
            {clusters.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Topic</span>
          <select
            value={effectiveTopic}
            disabled={active || topicNames.length === 0}
            onChange={(event) => setTopic(event.target.value)}
            data-testid="tail-topic-select"
          >
            {topicNames.length === 0 && (
              <option value={effectiveTopic}>
                {effectiveTopic || (topics.isPending ? 'listing topics…' : 'no topics')}
              </option>
            )}
            {topics.data?.topics.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name} ({entry.partitions} part., {formatCount(entry.messages)} msgs)
              </option>
            ))}
          </select>
        </label>
        <fieldset className="option-group" disabled={active}>
          <legend className="visually-hidden">Where to start</legend>
          <label>
            <input type="radio" checked={!fromBeginning} onChange={() => setFromBeginning(false)} /> new only
          </label>
          <label>
            <input type="radio" checked={fromBeginning} onChange={() => setFromBeginning(true)} /> from
            beginning
          </label>
        </fieldset>
        {active ? (
          <button type="button" className="button" onClick={() => tail.stop()} data-testid="tail-stop">
            Stop
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={start}
            disabled={!effectiveCluster || !effectiveTopic}
            data-testid="tail-start"
          >
            Start
          </button>
        )}
        <PauseButton view={view} onPause={(paused) => void tail.setPaused(paused)} />
        <span className="spacer" />
        <button
          type="button"
          className="button close-button"
          onClick={() => store.getState().closeTail()}
          title="Close the tail (stops it)"
        >
          Close
        </button>
      </header>
      <TailStatusLine view={view} topicsError={topics.isError ? describeError(topics.error) : null} />
      <TailMessageList messages={view.buffer.messages} newestSeq={view.buffer.nextSeq - 1} />
    </section>
  );
}

function useTopics(kafkaCluster: string) {
  const client = useConsoleClient();
  return useQuery({
    queryKey: queryKeys.kafkaTopics(kafkaCluster),
    queryFn: ({ signal }) => client.request(kafkaListTopics, { kafkaCluster }, { signal }),
    enabled: kafkaCluster !== '',
    staleTime: 30_000,
  });
}

function PauseButton({ view, onPause }: { view: TailView; onPause: (paused: boolean) => void }) {
  const canToggle = (view.phase === 'running' || view.phase === 'paused') && view.tailId !== null;
  const paused = view.phase === 'paused';
  return (
    <button
      type="button"
      className="button"
      disabled={!canToggle || view.pausePending}
      onClick={() => onPause(!paused)}
      aria-pressed={paused}
      data-testid="tail-pause"
    >
      {paused ? 'Resume' : 'Pause'}
    </button>
  );
}

function TailStatusLine({ view, topicsError }: { view: TailView; topicsError: string | null }) {
  const target = view.params;
  return (
    <div className="view-status" data-state={view.phase} data-testid="tail-status">
      <span className={`live-phase live-phase-${view.phase}`}>{phaseWords[view.phase]}</span>
      {target && (
        <span className="mono">
          {target.kafkaCluster} / {target.topic}
          {target.fromBeginning ? ' from the beginning' : ''}
        </span>
      )}
      <span className="mono">{formatCount(Math.round(view.messagesPerSecond))} msg/s</span>
      <span className="mono">{formatCount(view.received)} received</span>
      <span className="mono" title="Dropped by main because the page fell behind">
        {formatCount(view.dropped)} dropped
      </span>
      <span className="muted mono" title="The panel keeps the newest messages only">
        showing {formatCount(view.buffer.messages.length)} (last {formatCount(tailBufferLimit)} kept)
      </span>
      {view.error && (
        <span className="error-text" role="alert">
          {describeIpcError(view.error)}
        </span>
      )}
      {topicsError && (
        <span className="error-text" role="alert">
          Could not list topics: {topicsError}
        </span>
      )}
    </div>
  );
}
