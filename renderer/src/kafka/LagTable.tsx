import { useEffect, useMemo, type RefObject } from 'react';
import { describeIpcError } from '../app/errorText';
import { LiveTable } from '../app/LiveTable';
import '../app/table.css';
import { LagClusterHeader } from './LagClusterHeader';
import { LagRow, lagRowId } from './LagRow';
import type { LagSortKey } from '../../../shared/kafka/lagSort';
import { useLag, useLagStore } from './lagStoreContext';
import type { LagRow as LagRowEntry } from '../../../shared/kafka/lagRows';

const rowHeights: Record<LagRowEntry['kind'], number> = { cluster: 34, group: 34 };
const rowHeight = (row: LagRowEntry) => rowHeights[row.kind];

/**
 * Every consumer group, grouped by Kafka cluster. It subscribes only to the window's rows,
 * where they sit among all rows, and the selection; each row subscribes to its own group.
 * Scrolling tells the store which rows are on screen (app/liveWindow.ts).
 */
export function LagTable({ tableRef }: { tableRef: RefObject<HTMLDivElement | null> }) {
  const rows = useLag((state) => state.rows);
  const hasSnapshot = useLag((state) => state.snapshot !== null);
  const noClusters = useLag((state) => state.snapshot !== null && state.clusters.size === 0);
  const selectedKey = useLag((state) => state.selectedKey);
  const filter = useLag((state) => state.filter);
  const streamError = useLag((state) => state.streamError);
  const rowOffset = useLag((state) => state.rowOffset);
  const rowTotal = useLag((state) => state.rowTotal);
  const showRows = useLag((state) => state.showRows);
  const busy = useLag(
    (state) =>
      state.answered !== null &&
      (state.answered.filter !== state.filter || state.answered.sort !== state.request.sort),
  );
  const tableWindow = useMemo(
    () => ({ offset: rowOffset, total: rowTotal, onShow: showRows }),
    [rowOffset, rowTotal, showRows],
  );

  // The e2e tests wait for this signal once lag is on screen.
  useEffect(() => {
    if (hasSnapshot) document.documentElement.dataset.lagRendered = 'true';
  }, [hasSnapshot]);

  if (noClusters) {
    return (
      <div className="virtual-table lag-table">
        <div className="table-message no-kafka" role="status" data-testid="lag-no-kafka">
          <p>No Kafka cluster is configured for this console, so there is no consumer lag to show.</p>
          <p className="muted">
            Kafka clusters are listed in the console configuration; the sandbox brings its own.
          </p>
        </div>
      </div>
    );
  }

  let message = null;
  if (!hasSnapshot) {
    message = (
      <p className="table-message" role="status">
        {streamError ? describeWaiting(streamError) : 'Waiting for consumer lag…'}
      </p>
    );
  } else if (rowTotal === 0) {
    message = (
      <p className="table-message" role="status">
        {filter.trim() ? `No consumer group matches “${filter.trim()}”.` : 'No consumer groups.'}
      </p>
    );
  }

  return (
    <LiveTable
      tableRef={tableRef}
      className="lag-table"
      ariaLabel="Consumer groups by Kafka cluster"
      columns={<LagColumns />}
      rows={rows}
      rowHeight={rowHeight}
      renderRow={(row, { top, height }) =>
        row.kind === 'cluster' ? (
          <LagClusterHeader clusterName={row.clusterName} top={top} height={height} />
        ) : (
          <LagRow groupKey={row.id} top={top} height={height} />
        )
      }
      selectedKey={selectedKey}
      rowDomId={lagRowId}
      message={message}
      tableWindow={tableWindow}
      busy={busy}
    />
  );
}

function describeWaiting(error: Parameters<typeof describeIpcError>[0]): string {
  if (error.code === 'UNKNOWN_CHANNEL') {
    return `This console does not report consumer lag: ${describeIpcError(error)}`;
  }
  return `Waiting for consumer lag: ${describeIpcError(error)}`;
}

const columns: readonly { label: string; sortKey?: LagSortKey; className?: string; title?: string }[] = [
  {
    label: 'Status',
    sortKey: 'status',
    title: 'Worst status first, then most lag; groups that are OK by name',
  },
  { label: 'Kafka cluster', className: 'col-cluster' },
  { label: 'Group', sortKey: 'name' },
  { label: 'Owner', className: 'col-owner', title: 'The ECS service that runs the consumers' },
  { label: 'State', className: 'col-state', title: "Kafka's group state" },
  { label: 'Lag', sortKey: 'lag', className: 'num', title: 'Total messages behind' },
  { label: 'Max lag', className: 'col-max', title: 'The partition furthest behind' },
  { label: 'Behind', sortKey: 'lagSeconds', title: 'Age of the oldest message not yet consumed' },
  { label: 'Trend', className: 'col-trend' },
  { label: 'ETA', sortKey: 'eta', title: 'When the lag will have drained at the current rates' },
  { label: 'Members', className: 'num col-members' },
  { label: 'History', className: 'col-history', title: 'Total lag, recent history' },
];

/** Column headers; the sortable ones are buttons, so a click or Enter/Space sorts. */
function LagColumns() {
  const store = useLagStore();
  const sort = useLag((state) => state.sort);
  return (
    <div className="column-headers table-columns lag-columns" role="row">
      {columns.map((column) => {
        const active = column.sortKey !== undefined && sort.key === column.sortKey;
        const ariaSort = active ? (sort.descending ? 'descending' : 'ascending') : undefined;
        return (
          <div key={column.label} role="columnheader" className={column.className} aria-sort={ariaSort}>
            {column.sortKey ? (
              <button
                type="button"
                className={active ? 'sort-button active' : 'sort-button'}
                title={column.title ? `Sort: ${column.title}` : `Sort by ${column.label.toLowerCase()}`}
                onClick={() => column.sortKey && store.getState().sortBy(column.sortKey)}
                data-testid="lag-sort"
                data-sort-key={column.sortKey}
              >
                {column.label}
                <span aria-hidden="true" className="sort-arrow">
                  {active ? (sort.descending ? ' ▾' : ' ▴') : ''}
                </span>
              </button>
            ) : (
              <span title={column.title}>{column.label}</span>
            )}
          </div>
        );
      })}
    </div>
  );
}
