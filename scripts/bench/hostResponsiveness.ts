import type { BenchReport, ExpectedFigure } from './benchReport';
import type { HostProcess } from './hostProcess';

/**
 * How fast the console host answers a page's request while its monitors work at the
 * headline size: what a wall screen loading or reconnecting waits for before anything else.
 * The page itself is asked for, a request at a time with a short pause between, so the
 * figure is the host's waiting time and not a queue the bench builds.
 */
export const hostAnswerFigure: ExpectedFigure = {
  figure: 'host answers a page request while monitoring',
  goal: 'p99 under 50 ms',
};

export async function benchHostAnswers(
  host: HostProcess,
  durationMs: number,
  report: BenchReport,
): Promise<void> {
  const url = new URL(host.url);
  url.hash = '';
  const waits: number[] = [];
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const askedAt = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`the host answered the page with HTTP ${response.status}`);
    waits.push(performance.now() - askedAt);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  waits.sort((a, b) => a - b);
  const at = (share: number) => waits[Math.min(waits.length - 1, Math.floor(share * waits.length))]!;
  const p99 = at(0.99);
  report.add({
    figure: hostAnswerFigure.figure,
    measured: `p50 ${at(0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, worst ${waits.at(-1)!.toFixed(0)} ms (${waits.length} requests over ${(durationMs / 1000).toFixed(0)} s)`,
    goal: hostAnswerFigure.goal,
    met: p99 < 50,
  });
}
