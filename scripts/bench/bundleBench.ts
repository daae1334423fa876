import { describeRendererBundle, firstLoadGoalBytes, measureRendererBundle, sum } from '../rendererBundle';
import type { BenchReport, ExpectedFigure } from './benchReport';

const figure = 'renderer first load (raw)';
const kilobytes = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const goal = `under ${kilobytes(firstLoadGoalBytes)}`;
export const bundleExpectedFigures: ExpectedFigure[] = [{ figure, goal }];

/** Builds the renderer with vite (which the browser section serves too) and sizes what the page loads first. */
export async function benchBundle(report: BenchReport): Promise<void> {
  const sizes = await measureRendererBundle();
  for (const line of describeRendererBundle(sizes)) report.note(line);
  const raw = sum(sizes.firstLoad, 'rawBytes');
  const gzip = sum(sizes.firstLoad, 'gzipBytes');
  report.add({
    figure,
    measured: `${kilobytes(raw)} (${kilobytes(gzip)} gzip)`,
    goal,
    met: raw < firstLoadGoalBytes,
  });
}
