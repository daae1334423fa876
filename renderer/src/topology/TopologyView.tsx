import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { minLayoutWidth } from '../../../shared/topology/layout';
import type { TopologyGraph } from '../../../shared/topology/topologyModel';
import { problemViewWords, snapshotText } from '../../../shared/topology/render';
import { ProblemViewMemo } from '../../../shared/topology/problemView';
import { useAppInfo } from '../app/useAppInfo';
import { classifyKeyTarget } from '../app/useTableKeyboard';
import { ServiceDetailPanel } from '../fleet/ServiceDetailPanel';
import { useFleet, useFleetStore } from '../fleet/fleetStoreContext';
import { GroupDetailPanel } from '../kafka/GroupDetailPanel';
import { useLag, useLagStore } from '../kafka/lagStoreContext';
import { CopyTopologyButton } from './CopyTopologyButton';
import './topology.css';
import type { OpenTarget } from './topologyBoxes';
import { TopologyGrid } from './TopologyGrid';
import type { TopologyViewOptions } from './topologyOptions';
import { TopologyRenderCache } from './topologyRenderCache';
import { probeLength, useCharacterSize, useColumns } from './useCharacterSize';
import { useGraphFacts, useTopologyGraph } from './useTopologyGraph';
import { useTopologyOptions } from './useTopologyOptions';

/** Copy as text lays the diagram out for a chat window, whatever the screen's width. */
const snapshotWidth = 100;

/**
 * The console's front page: the platform as a live box-drawing diagram — entry, services,
 * Kafka topics, consumers and datastores — with health and lag on the boxes and edges. A
 * box opens its details beside the diagram: a service its panel, a topic or a lag edge its
 * consumer group's drill-down.
 */
export function TopologyView() {
  const [options, setOptions] = useTopologyOptions();
  const { fleet, graph, environments, environment, specError, waiting } = useTopologyGraph(options);
  const [expanded, setExpanded] = useState<{ environment: string | null; ids: string[] }>({
    environment: null,
    ids: [],
  });
  // Summaries opened in one environment mean nothing in another.
  const expandedIds = useMemo(
    () => (expanded.environment === environment ? expanded.ids : []),
    [expanded, environment],
  );
  const { large, boxes, summary } = useGraphFacts(graph);
  const [problemViews] = useState(() => new ProblemViewMemo());
  const focused = useMemo(
    () => (graph && large && !options.all ? problemViews.view(graph, expandedIds) : null),
    [problemViews, graph, large, options.all, expandedIds],
  );
  const drawn = focused?.graph ?? graph;
  const expand = useCallback(
    (summaryId: string) => setExpanded({ environment, ids: [...new Set([...expandedIds, summaryId])] }),
    [environment, expandedIds],
  );
  const [panel, setPanel] = useState<'service' | 'group' | null>(null);
  const [focusedBox, setFocusedBox] = useState<string | null>(null);
  const serviceOpen = useFleet((state) => state.detailOpen) && panel === 'service';
  const groupOpen = useLag((state) => state.detailOpen) && panel === 'group';
  const open = useOpenTarget(fleet, options, setOptions, setPanel, expand);
  const offset = useFleet((state) => state.mainClockOffsetMs);
  const onSandbox = useAppInfo().data?.source === 'sandbox';
  useCloseOnEscape(serviceOpen || groupOpen, setPanel);

  const snapshot = useCallback(
    () =>
      graph
        ? snapshotText(
            graph,
            {
              width: snapshotWidth,
              collapseHealthy: options.collapseHealthy,
              groupByDomain: options.groupByDomain,
              all: options.all,
              expanded: expandedIds,
            },
            Date.now() - offset,
            onSandbox,
          )
        : '',
    [graph, options.collapseHealthy, options.groupByDomain, options.all, expandedIds, offset, onSandbox],
  );

  const viewRef = useRef<HTMLDivElement>(null);
  const panelShown = serviceOpen || groupOpen;
  // The panel narrows the diagram's area: keep the box it is about in sight.
  useEffect(() => {
    if (!panelShown || focusedBox === null) return;
    viewRef.current
      ?.querySelector(`[data-box-id="${CSS.escape(focusedBox)}"]`)
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [panelShown, focusedBox]);
  return (
    <div className="view" data-testid="topology-view" ref={viewRef}>
      <div className="view-toolbar">
        {environments.length > 1 && (
          <label className="toolbar-option">
            <span>Environment</span>
            <select
              value={environment ?? ''}
              onChange={(event) => setOptions({ ...options, environment: event.target.value })}
              data-testid="topology-environment"
            >
              {environments.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
        )}
        <label className="toolbar-option">
          <input
            type="checkbox"
            checked={options.collapseHealthy}
            onChange={(event) => setOptions({ ...options, collapseHealthy: event.target.checked })}
            data-testid="topology-collapse"
          />
          <span>Collapse healthy</span>
        </label>
        <label className="toolbar-option">
          <input
            type="checkbox"
            checked={options.groupByDomain}
            onChange={(event) => setOptions({ ...options, groupByDomain: event.target.checked })}
            data-testid="topology-domains"
          />
          <span>Group by domain</span>
        </label>
        {large && graph && (
          <label className="toolbar-option" title="Draw every box instead of the problems and summaries">
            <input
              type="checkbox"
              checked={options.all}
              onChange={(event) => setOptions({ ...options, all: event.target.checked })}
              data-testid="topology-all"
            />
            <span>All {boxes} boxes</span>
          </label>
        )}
        {summary && <span className="topology-summary">{summary}</span>}
        <span className="spacer" />
        <CopyTopologyButton snapshot={snapshot} disabled={!graph} />
      </div>
      {specError && (
        <p className="view-note error-text" role="alert">
          Could not read the topology spec ({specError}): only what the fleet and Kafka say is drawn.
        </p>
      )}
      {graph && graph.notes.length > 0 && <p className="view-note muted">{graph.notes.join(' · ')}</p>}
      {focused && (
        <p className="view-note muted" data-testid="topology-problem-view">
          {capitalised(problemViewWords(focused))}: click a summary box (or Enter on it) to draw its members,
          or tick “All”.
          {expandedIds.length > 0 && (
            <>
              {' '}
              <button
                type="button"
                className="link-button"
                onClick={() => setExpanded({ environment, ids: [] })}
                data-testid="topology-fold"
              >
                Fold them again
              </button>
            </>
          )}
        </p>
      )}
      <div className={panelShown ? 'workspace with-detail' : 'workspace'}>
        <TopologyDiagram
          viewRef={viewRef}
          graph={drawn}
          waiting={waiting}
          options={options}
          focusedBox={focusedBox}
          onFocusBox={setFocusedBox}
          onOpen={open}
        />
        {serviceOpen && <ServiceDetailPanel />}
        {groupOpen && <GroupDetailPanel />}
      </div>
    </div>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The diagram's padding and a vertical scroll bar: what of the view's width is not columns. */
const reservedPx = 48;

function TopologyDiagram({
  viewRef,
  graph,
  waiting,
  options,
  focusedBox,
  onFocusBox,
  onOpen,
}: {
  /**
   * The whole view: the layout follows its width, not the diagram's, so opening a panel
   * beside the diagram does not move its boxes (the diagram scrolls under it instead).
   */
  viewRef: RefObject<HTMLDivElement | null>;
  graph: TopologyGraph | null;
  waiting: string | null;
  options: TopologyViewOptions;
  focusedBox: string | null;
  onFocusBox: (id: string | null) => void;
  onOpen: (target: OpenTarget) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const probeRef = useRef<HTMLSpanElement>(null);
  const size = useCharacterSize(probeRef);
  const columns = useColumns(viewRef, size, reservedPx);
  const [cache] = useState(() => new TopologyRenderCache());
  const width = Math.max(minLayoutWidth, columns ?? minLayoutWidth);
  const picture = useMemo(
    () =>
      graph && columns !== null
        ? cache.render(graph, {
            width,
            collapseHealthy: options.collapseHealthy,
            groupByDomain: options.groupByDomain,
          })
        : null,
    [cache, graph, columns, width, options.collapseHealthy, options.groupByDomain],
  );
  const elided = picture?.rendered.elidedEdges.length ?? 0;

  return (
    <div className="topology-scroll" ref={scrollRef} data-testid="topology" data-columns={width}>
      <span className="topology-probe" ref={probeRef} aria-hidden="true">
        {'─M'.repeat(probeLength / 2)}
      </span>
      {waiting && <p className="table-message">{waiting}</p>}
      {picture && size && (
        <TopologyGrid
          picture={picture}
          size={size}
          scrollRef={scrollRef}
          focusedBox={focusedBox}
          onFocusBox={onFocusBox}
          onOpen={onOpen}
        />
      )}
      {elided > 0 && (
        <p className="view-note muted">
          {elided} edges are not drawn for lack of room: widen the window, collapse healthy boxes or group by
          domain. Copy as text lists them.
        </p>
      )}
    </div>
  );
}

/** Opens what a box or an edge stands for, beside the diagram. */
function useOpenTarget(
  fleet: FleetSnapshot | null,
  options: TopologyViewOptions,
  setOptions: (next: TopologyViewOptions) => void,
  setPanel: (panel: 'service' | 'group' | null) => void,
  expand: (summaryId: string) => void,
): (target: OpenTarget) => void {
  const fleetStore = useFleetStore();
  const lagStore = useLagStore();
  return useCallback(
    (target) => {
      if (target.kind === 'expand') {
        setOptions({ ...options, collapseHealthy: false });
        return;
      }
      if (target.kind === 'expand-summary') {
        expand(target.summaryId);
        return;
      }
      if (target.kind === 'group') {
        lagStore.getState().openDetail(`${target.kafkaCluster}|${target.groupId}`);
        setPanel('group');
        return;
      }
      const services = fleet?.services ?? [];
      const service =
        services.find((s) => s.serviceName === target.serviceName && s.clusterName === target.clusterName) ??
        services.find((s) => s.serviceName === target.serviceName);
      if (!service) return;
      fleetStore.getState().openDetail(service.key);
      setPanel('service');
    },
    [fleet, fleetStore, lagStore, options, setOptions, setPanel, expand],
  );
}

/** Esc closes the open panel, wherever the keyboard is, except while typing. */
function useCloseOnEscape(panelOpen: boolean, setPanel: (panel: null) => void): void {
  const fleetStore = useFleetStore();
  const lagStore = useLagStore();
  const close = useCallback(() => {
    fleetStore.getState().closeDetail();
    lagStore.getState().closeDetail();
    setPanel(null);
  }, [fleetStore, lagStore, setPanel]);
  useEffect(() => {
    if (!panelOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (classifyKeyTarget(event.target, null) === 'text-field') return;
      close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [panelOpen, close]);
}
