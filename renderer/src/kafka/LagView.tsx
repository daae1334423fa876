import type { RefObject } from 'react';
import { GroupDetailPanel } from './GroupDetailPanel';
import './lag.css';
import { useLag } from './lagStoreContext';
import { LagTable } from './LagTable';
import { TopicTailPanel } from './TopicTailPanel';

/** Consumer lag: the table of every group, the open group's drill-down, and the topic tail below. */
export function LagView({ tableRef }: { tableRef: RefObject<HTMLDivElement | null> }) {
  const detailOpen = useLag((state) => state.detailOpen);
  const tailOpen = useLag((state) => state.tail.open);
  return (
    <div className={tailOpen ? 'view lag-view with-tail' : 'view lag-view'}>
      <div className={detailOpen ? 'workspace with-detail' : 'workspace'}>
        <LagTable tableRef={tableRef} />
        {detailOpen && <GroupDetailPanel />}
      </div>
      {tailOpen && <TopicTailPanel />}
    </div>
  );
}
