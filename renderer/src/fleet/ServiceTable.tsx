import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, type RefObject } from 'react';
import { describeIpcError } from '../app/errorText';
import { useLocalZone } from '../app/LocalTime';
import { useFleet } from './fleetStoreContext';
import type { FleetRow } from './fleetView';
import { ClusterHeader, EnvironmentHeader } from './GroupHeaders';
import { ServiceRow, serviceRowId } from './ServiceRow';
import '../app/table.css';
import './fleet.css';

const rowHeights: Record<FleetRow['kind'], number> = { environment: 30, cluster: 34, service: 34 };

/**
 * Rows drawn beyond the visible area. Generous on purpose: at the usual fleet size every
 * row is in the DOM (find-in-page and the e2e tests see them all), while a fleet scaled to
 * thousands of services still renders only a screenful and a bit.
 */
const overscanRows = 40;

/**
 * The fleet, grouped by environment and cluster. It subscribes only to the ordered row
 * list and the selection; each row subscribes to its own service.
 */
export function ServiceTable({ tableRef }: { tableRef: RefObject<HTMLDivElement | null> }) {
  const rows = useFleet((state) => state.rows);
  const zone = useLocalZone();
  const hasSnapshot = useFleet((state) => state.snapshot !== null);
  const selectedKey = useFleet((state) => state.selectedKey);
  const filter = useFleet((state) => state.filter);
  const streamError = useFleet((state) => state.streamError);

  // React Compiler does not build this app; the rows are memoized by hand.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => tableRef.current,
    estimateSize: (index) => rowHeights[rows[index]?.kind ?? 'service'],
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: overscanRows,
    initialRect: { width: 1400, height: 900 },
  });

  const selectedIndex = selectedKey === null ? -1 : rows.findIndex((row) => row.id === selectedKey);
  const selectedVisible = selectedIndex >= 0;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      className="virtual-table service-table"
      role="grid"
      aria-label="Services by environment and cluster"
      aria-rowcount={rows.length}
    >
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
        <div role="columnheader" className="col-event" title={`Newest event; times in ${zone.description}`}>
          Newest event
        </div>
      </div>
      <div
        ref={tableRef}
        className="table-scroll"
        tabIndex={0}
        aria-activedescendant={
          selectedVisible && selectedKey !== null ? serviceRowId(selectedKey) : undefined
        }
      >
        {!hasSnapshot && (
          <p className="table-message" role="status">
            {streamError
              ? `Waiting for the fleet: ${describeIpcError(streamError)}`
              : 'Waiting for the fleet…'}
          </p>
        )}
        {hasSnapshot && rows.length === 0 && (
          <p className="table-message" role="status">
            {filter.trim() ? `No service matches “${filter.trim()}”.` : 'The fleet has no clusters.'}
          </p>
        )}
        <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            switch (row.kind) {
              case 'environment':
                return (
                  <EnvironmentHeader
                    key={row.id}
                    environment={row.environment}
                    top={item.start}
                    height={item.size}
                  />
                );
              case 'cluster':
                return (
                  <ClusterHeader
                    key={row.id}
                    clusterId={row.clusterId}
                    clusterName={row.clusterName}
                    top={item.start}
                    height={item.size}
                  />
                );
              case 'service':
                return <ServiceRow key={row.id} serviceKey={row.id} top={item.start} height={item.size} />;
            }
          })}
        </div>
      </div>
    </div>
  );
}
