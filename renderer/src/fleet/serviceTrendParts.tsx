import { Suspense, type ComponentProps } from 'react';
import { trendNames } from '../../../shared/metrics/serviceTrends';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { lazyPart } from '../app/lazyPart';
import { trendColumnClass } from './trendColumns';

/**
 * The services table's sparklines and the feed of their figures load after the table's first
 * screen: the figures come from a request of their own anyway, and the table draws at once
 * without their code. Until it is here, or if it cannot come, the cells stay empty and say why.
 */
const trendCells = lazyPart('the services’ sparklines', () =>
  import('./TrendCells').then((module) => module.TrendCells),
);
const metricsFeed = lazyPart('the services’ metrics', () =>
  import('./ServiceMetricsFeed').then((module) => module.ServiceMetricsFeed),
);

export function LazyTrendCells(props: ComponentProps<typeof trendCells.component>) {
  const Cells = trendCells.component;
  return (
    <ErrorBoundary fallback={(error) => <EmptyTrendCells title={error.message} />}>
      <Suspense fallback={<EmptyTrendCells title="sparklines loading…" />}>
        <Cells {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

export function LazyMetricsFeed(props: ComponentProps<typeof metricsFeed.component>) {
  const Feed = metricsFeed.component;
  return (
    <ErrorBoundary fallback={() => null}>
      <Suspense fallback={null}>
        <Feed {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

function EmptyTrendCells({ title }: { title: string }) {
  return trendNames.map((name) => (
    <div key={name} role="gridcell" className={`cell cell-trend ${trendColumnClass[name]}`} title={title} />
  ));
}
