import { useMemo, useState, type RefObject } from 'react';
import { figures, trendNames } from '../../../shared/metrics/serviceTrends';
import { describeIpcError } from '../app/errorText';
import { LiveTable } from '../app/LiveTable';
import { useLocalZone } from '../app/LocalTime';
import { useFleet } from './fleetStoreContext';
import type { FleetRow } from '../../../shared/fleet/fleetView';
import { ClusterHeader, EnvironmentHeader } from './GroupHeaders';
import { ServiceRow, serviceRowId } from './ServiceRow';
import { LazyMetricsFeed } from './serviceTrendParts';
import { trendColumnClass } from './trendColumns';
import { createServiceTrendsStore, ServiceTrendsContext } from './serviceTrendsStore';
import './fleet.css';

const rowHeights: Record<FleetRow['kind'], number> = { environment: 30, cluster: 34, service: 34 };
const rowHeight = (row: FleetRow) => rowHeights[row.kind];

/**
 * The fleet, grouped by environment and cluster. It subscribes only to the window's rows,
 * where they sit among all rows, and the selection; each row subscribes to its own service.
 * Scrolling tells the store which rows are on screen, and it asks main for another window
 * near an edge of this one.
 */
export function ServiceTable({ tableRef }: { tableRef: RefObject<HTMLDivElement | null> }) {
  const [trends] = useState(createServiceTrendsStore);
  const rows = useFleet((state) => state.rows);
  const zone = useLocalZone();
  const hasSnapshot = useFleet((state) => state.snapshot !== null);
  const selectedKey = useFleet((state) => state.selectedKey);
  const filter = useFleet((state) => state.filter);
  const streamError = useFleet((state) => state.streamError);
  const rowOffset = useFleet((state) => state.rowOffset);
  const rowTotal = useFleet((state) => state.rowTotal);
  const showRows = useFleet((state) => state.showRows);
  const filtering = useFleet((state) => state.answered !== null && state.answered.filter !== state.filter);
  const tableWindow = useMemo(
    () => ({ offset: rowOffset, total: rowTotal, onShow: showRows }),
    [rowOffset, rowTotal, showRows],
  );

  let message = null;
  if (!hasSnapshot) {
    message = (
      <p className="table-message" role="status">
        {streamError ? `Waiting for the fleet: ${describeIpcError(streamError)}` : 'Waiting for the fleet…'}
      </p>
    );
  } else if (rowTotal === 0) {
    message = (
      <p className="table-message" role="status">
        {filter.trim() ? `No service matches “${filter.trim()}”.` : 'The fleet has no clusters.'}
      </p>
    );
  }

  return (
    <ServiceTrendsContext.Provider value={trends}>
      <LazyMetricsFeed store={trends} />
      <LiveTable
        tableRef={tableRef}
        className="service-table"
        ariaLabel="Services by environment and cluster"
        columns={
          <div className="column-headers table-columns" role="row">
            <div role="columnheader">Health</div>
            <div role="columnheader">Service</div>
            <div role="columnheader">Tasks</div>
            <div role="columnheader" className="col-revision">
              Task definition
            </div>
            <div role="columnheader" className="col-image">
              Image
            </div>
            <div role="columnheader">Deployments</div>
            {trendNames.map((name) => (
              <div
                key={name}
                role="columnheader"
                className={trendColumnClass[name]}
                title={`${figures[name].label} over the last hour, from CloudWatch`}
              >
                {figures[name].label}
              </div>
            ))}
            <div
              role="columnheader"
              className="col-event"
              title={`Newest event; times in ${zone.description}`}
            >
              Newest event
            </div>
          </div>
        }
        rows={rows}
        rowHeight={rowHeight}
        renderRow={(row, { top, height }) => {
          switch (row.kind) {
            case 'environment':
              return <EnvironmentHeader environment={row.environment} top={top} height={height} />;
            case 'cluster':
              return (
                <ClusterHeader
                  clusterId={row.clusterId}
                  clusterName={row.clusterName}
                  top={top}
                  height={height}
                />
              );
            case 'service':
              return <ServiceRow serviceKey={row.id} top={top} height={height} />;
          }
        }}
        selectedKey={selectedKey}
        rowDomId={serviceRowId}
        message={message}
        tableWindow={tableWindow}
        busy={filtering}
      />
    </ServiceTrendsContext.Provider>
  );
}
