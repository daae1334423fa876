import { healthGlyphs } from '../fleet/healthGlyphs';
import type { HealthState } from '../fleet/fleetModel';
import { truncateToWidth, textWidth } from '../textWidth';
import { utcText } from '../time/clockText';
import { spokenDuration } from '../time/durationText';
import { formatCount } from '../topology/boxContent';
import { CharacterGrid } from '../topology/characterGrid';
import { wrapWords } from '../wrapWords';
import type { Overview, OverviewAlarm, OverviewService } from './overviewModel';

/**
 * The Overview drawn in box-drawing characters, as the topology is: the fleet's bars, the
 * status table and the active alarms, in under sixty lines at 80 to 120 columns, to be pasted
 * into an incident channel as it is. Each cell carries a region, so the page colours the bars
 * and glyphs from the drawing instead of reading it back.
 */

export type OverviewTone = 'ok' | 'warn' | 'error' | 'none';

export type OverviewRegion =
  | { kind: 'frame' }
  | { kind: 'bar'; tone: OverviewTone }
  | { kind: 'health'; state: HealthState }
  | { kind: 'alarm' }
  | { kind: 'muted' };

export interface RenderedOverview {
  lines: string[];
  regions: OverviewRegion[];
  /** cells[y][x]: index into `regions`, or -1 for plain text. */
  cells: number[][];
}

export interface OverviewTextOptions {
  /** Columns to draw in; at least `minOverviewWidth`. */
  width: number;
  now: number;
  /** Says SANDBOX in the header, so a pasted picture of the simulated fleet is never taken for production. */
  onSandbox?: boolean;
}

export const minOverviewWidth = 80;
const barCells = 20;
const noData = '—';

/** A piece of a line: its text, and the region it is drawn as (-1: plain). */
type Piece = [text: string, region: number];

export function renderOverview(overview: Overview, options: OverviewTextOptions): RenderedOverview {
  const width = Math.max(minOverviewWidth, options.width);
  const regions: OverviewRegion[] = [{ kind: 'frame' }, { kind: 'muted' }, { kind: 'alarm' }];
  const regionOf = (region: OverviewRegion) => {
    const key = JSON.stringify(region);
    const found = regions.findIndex((candidate) => JSON.stringify(candidate) === key);
    return found >= 0 ? found : regions.push(region) - 1;
  };
  const frame = 0;
  const muted = 1;
  const alarm = 2;

  const header = headerLines(overview, options, width);
  const boxes: { title: string; rows: Piece[][] }[] = [
    { title: 'Fleet', rows: fleetRows(overview, regionOf, muted) },
    { title: 'Services, worst first', rows: serviceRows(overview, width - 4, regionOf, muted, alarm) },
    { title: 'Active alarms', rows: alarmRows(overview, width - 4, options.now, alarm, muted) },
  ];
  const footer = [`${noData} no data: CloudWatch had none, or the service has no load balancer`];
  const height = header.length + 1 + boxes.reduce((sum, box) => sum + box.rows.length + 2, 0) + footer.length;
  const grid = new CharacterGrid(width, height);
  let y = 0;
  for (const line of header) grid.write(0, y++, line, -1);
  y++;
  for (const box of boxes) {
    grid.box(0, y, width, box.rows.length + 2, 'light', frame);
    grid.write(2, y, ` ${box.title} `, frame);
    for (const row of box.rows) {
      y++;
      let x = 2;
      for (const [text, region] of row) {
        const room = width - 2 - x;
        const shown = truncateToWidth(text, room);
        grid.write(x, y, shown, region);
        x += textWidth(shown);
      }
    }
    y += 2;
  }
  for (const line of footer) grid.write(0, y++, line, muted);
  return { lines: grid.text(), regions, cells: grid.regions };
}

/** A stretch of a line drawn alike: its text and its region (null: plain). */
export interface OverviewRun {
  text: string;
  region: OverviewRegion | null;
}

/** The drawing as lines of runs, for the page's colours and the terminal's. */
export function overviewRuns(rendered: RenderedOverview): OverviewRun[][] {
  return rendered.lines.map((line, y) => {
    const chars = [...line];
    const cells = rendered.cells[y] ?? [];
    const runs: OverviewRun[] = [];
    let start = 0;
    for (let x = 1; x <= chars.length; x++) {
      if (x < chars.length && cells[x] === cells[start]) continue;
      runs.push({
        text: chars.slice(start, x).join(''),
        region: rendered.regions[cells[start] ?? -1] ?? null,
      });
      start = x;
    }
    return runs;
  });
}

/** The drawing as one text, for "Copy as text" and `flarenet overview`. */
export function overviewText(overview: Overview, options: OverviewTextOptions): string {
  return `${renderOverview(overview, options).lines.join('\n')}\n`;
}

function headerLines(overview: Overview, options: OverviewTextOptions, width: number): string[] {
  const { figures } = overview;
  const title = `FlareNet overview — ${options.onSandbox ? 'SANDBOX — ' : ''}${utcText(options.now)}`;
  const counts = (['failed', 'degraded', 'deploying', 'stale', 'healthy'] as const)
    .filter((state) => figures.health[state] > 0)
    .map((state) => `${figures.health[state]} ${healthGlyphs[state]} ${state}`);
  const services = `${formatCount(figures.serviceCount)} services${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`;
  const environments = overview.environments.map((environment) => {
    const age =
      environment.metricsAt === null
        ? 'no metrics read yet'
        : `metrics ${spokenDuration(options.now - environment.metricsAt, { finestUnit: 'second' })} old`;
    const stale = [
      environment.fleetState !== 'ok' ? `fleet ${environment.fleetState}` : null,
      environment.metricsState === 'stale' ? 'metrics STALE' : null,
      environment.metricsState === 'error' && environment.metricsAt === null && environment.problem
        ? 'metrics unreadable'
        : null,
    ].filter((word) => word !== null);
    const problem = environment.problem ? ` (${environment.problem})` : '';
    return `${environment.environment}: ${[...stale, age].join(', ')}${stale.length > 0 ? problem : ''}`;
  });
  return [title, services, ...environments.flatMap((line) => wrapWords(line, width, '', '  '))];
}

function fleetRows(
  overview: Overview,
  regionOf: (region: OverviewRegion) => number,
  muted: number,
): Piece[][] {
  const { figures } = overview;
  const why = overview.hasMetrics ? 'no data' : 'no data: CloudWatch not read yet';
  const bar = (label: string, share: number | null, tone: OverviewTone, words: string): Piece[] =>
    share === null
      ? [
          [label.padEnd(10), -1],
          [why, muted],
        ]
      : [
          [label.padEnd(10), -1],
          [barText(share), regionOf({ kind: 'bar', tone })],
          [`  ${words}`, -1],
        ];
  const requests = figures.requestsPerMinute;
  const peak = figures.peakRequestsPerMinute;
  return [
    bar(
      'Requests',
      requests === null ? null : peak ? requests / peak : 0,
      'none',
      requests === null
        ? ''
        : `${formatCount(requests)}/min (busiest minute of the hour ${formatCount(peak ?? 0)})`,
    ),
    bar(
      'Errors',
      figures.errorRate,
      toneOf(figures.errorRate, 0.01, 0.05),
      figures.errorRate === null ? '' : `${rateText(figures.errorRate)} of requests answered 5XX`,
    ),
    bar(
      'CPU',
      figures.cpu === null ? null : figures.cpu / 100,
      toneOf(figures.cpu, 70, 85),
      figures.cpu === null ? '' : `${Math.round(figures.cpu)} % (services averaged)`,
    ),
    bar(
      'Memory',
      figures.memory === null ? null : figures.memory / 100,
      toneOf(figures.memory, 80, 90),
      figures.memory === null ? '' : `${Math.round(figures.memory)} % (services averaged)`,
    ),
  ];
}

function serviceRows(
  overview: Overview,
  inner: number,
  regionOf: (region: OverviewRegion) => number,
  muted: number,
  alarm: number,
): Piece[][] {
  const nameOf = serviceLabel(overview.services);
  const columnWidths = [9, 9, 6, 6, 9];
  const figuresWidth = columnWidths.reduce((sum, columnWidth) => sum + columnWidth, 0);
  // Names as long as they are, within what leaves a few columns for the alarms.
  const nameWidth = Math.min(
    Math.max(12, inner - 2 - figuresWidth - 7),
    Math.max(12, ...overview.services.map((row) => textWidth(nameOf(row)))),
  );
  const alarmRoom = inner - 2 - nameWidth - figuresWidth - 2;
  const figures = (values: string[]) =>
    values.map((value, index) => value.padStart(columnWidths[index]!)).join('');
  const rows: Piece[][] = [
    [[`  ${'Service'.padEnd(nameWidth)}${figures(['5XX', 'p99', 'CPU', 'Mem', 'Avail 1h'])}  Alarm`, muted]],
  ];
  for (const row of overview.services) {
    const alarms = row.alarms.join(', ');
    rows.push([
      [healthGlyphs[row.health], regionOf({ kind: 'health', state: row.health })],
      [` ${truncateToWidth(nameOf(row), nameWidth).padEnd(nameWidth)}`, -1],
      [
        figures([
          row.errorRate === null ? noData : rateText(row.errorRate),
          row.p99Ms === null ? noData : latencyText(row.p99Ms),
          row.cpu === null ? noData : `${Math.round(row.cpu)} %`,
          row.memory === null ? noData : `${Math.round(row.memory)} %`,
          row.availability === null ? noData : availabilityText(row.availability),
        ]),
        -1,
      ],
      ...(row.alarms.length > 0
        ? [[`  ${textWidth(alarms) <= alarmRoom ? alarms : 'ALARM'}`, alarm] as Piece]
        : []),
    ]);
  }
  if (overview.services.length === 0) rows.push([['(no services in the fleet)', muted]]);
  const { total, notHealthy } = overview.unlisted;
  if (total > 0)
    rows.push([
      [
        notHealthy > 0
          ? `… and ${formatCount(total)} more (${formatCount(notHealthy)} of them not healthy)`
          : `… and ${formatCount(total)} more healthy`,
        muted,
      ],
    ]);
  return rows;
}

/**
 * How a row names its service: with its environment where the table shows several, or with
 * its cluster where one environment has several clusters, so no two rows read alike.
 */
function serviceLabel(rows: readonly OverviewService[]): (row: OverviewService) => string {
  const environments = new Set(rows.map((row) => row.environment));
  const clusters = new Set(rows.map((row) => `${row.environment}|${row.clusterName}`));
  if (environments.size > 1 && clusters.size === environments.size)
    return (row) => `${row.environment}/${row.serviceName}`;
  if (clusters.size > 1) {
    const short = withoutCommonPrefix([...new Set(rows.map((row) => row.clusterName))]);
    return (row) => `${short.get(row.clusterName) ?? row.clusterName}/${row.serviceName}`;
  }
  return (row) => row.serviceName;
}

/** "flarenet-production", "flarenet-staging" → "production", "staging": what tells them apart. */
function withoutCommonPrefix(names: readonly string[]): Map<string, string> {
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf('-') + 1;
  return new Map(names.map((name) => [name, name.slice(cut)]));
}

function alarmRows(overview: Overview, inner: number, at: number, alarm: number, muted: number): Piece[][] {
  const unread = overview.environments
    .filter((environment) => environment.metricsAt === null)
    .map((environment) => environment.environment);
  const unknown: Piece[][] =
    unread.length > 0 ? [[[`Not known for ${unread.join(', ')}: CloudWatch not read yet.`, muted]]] : [];
  if (overview.alarms.length === 0)
    return overview.hasMetrics
      ? [
          [
            [
              unread.length > 0
                ? 'None where CloudWatch was read: no alarm in ALARM or without data.'
                : 'None: no alarm in ALARM or without data.',
              muted,
            ],
          ],
          ...unknown,
        ]
      : unknown;
  const rows = overview.alarms.flatMap((entry) => alarmLines(entry, inner, at, alarm, muted));
  if (overview.unlistedAlarms > 0) rows.push([[`… and ${formatCount(overview.unlistedAlarms)} more`, muted]]);
  return [...rows, ...unknown];
}

function alarmLines(
  entry: OverviewAlarm,
  inner: number,
  at: number,
  alarm: number,
  muted: number,
): Piece[][] {
  const state = entry.state === 'INSUFFICIENT_DATA' ? 'NO DATA' : entry.state;
  const since =
    entry.since === null
      ? ''
      : ` since ${utcText(entry.since)} (${spokenDuration(at - entry.since, { finestUnit: 'second' })} ago)`;
  const actsOn = entry.actsOn.length > 0 ? entry.actsOn.join(', ') : 'no service the console watches';
  return [
    [
      [state, entry.state === 'ALARM' ? alarm : muted],
      [` ${entry.name} (${entry.environment})${since}`, -1],
    ],
    ...wrapWords(`${entry.condition}; acts on ${actsOn}`, inner, '  ', '    ').map((line): Piece[] => [
      [line, -1],
    ]),
  ];
}

function barText(share: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, share)) * barCells);
  return '█'.repeat(filled) + '░'.repeat(barCells - filled);
}

function toneOf(value: number | null, warn: number, error: number): OverviewTone {
  if (value === null) return 'none';
  return value >= error ? 'error' : value >= warn ? 'warn' : 'ok';
}

/** "0 %", "<0.1 %", "4.2 %", "14 %": a share of requests. */
function rateText(rate: number): string {
  const percent = rate * 100;
  if (percent === 0) return '0 %';
  if (percent < 0.1) return '<0.1 %';
  return percent < 10 ? `${percent.toFixed(1)} %` : `${Math.round(percent)} %`;
}

function latencyText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Rounded down, so an hour with one bad minute never reads 100 %. */
function availabilityText(share: number): string {
  return share >= 1 ? '100 %' : `${(Math.floor(share * 1000) / 10).toFixed(1)} %`;
}
