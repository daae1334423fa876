import { utcText } from '../time/clockText';
import { spokenDuration } from '../time/durationText';
import { healthGlyphs } from '../fleet/healthGlyphs';
import {
  drawPreparedTopology,
  layoutTopology,
  type PreparedTopologyLayout,
  type TopologyBox,
  type TopologyLayout,
  type TopologyLayoutOptions,
  type TopologyRegion,
} from './layout';
import { alarmGlyph, formatCount } from './boxContent';
import { problemView, problemViewApplies, type ProblemView } from './problemView';
import type { TopologyGraph } from './topologyModel';
import { deployingLines, describeEdge, problemLines, summaryParts } from './topologyProblems';
import { wrapWords } from '../wrapWords';

/**
 * The laid-out grid as text, and as a map of what each cell is, so the renderer can colour
 * and make boxes clickable without reading the text back; and the plain-text snapshot that
 * "Copy as text" and `cli topology` produce.
 */

export interface TopologyAnnotationMap {
  width: number;
  height: number;
  regions: TopologyRegion[];
  /** cells[y][x]: index into `regions`, or -1 for blank. */
  cells: number[][];
  /** Every box with its rectangle, top to bottom, left to right: what Enter and clicks open. */
  boxes: TopologyBox[];
}

export interface RenderedTopology {
  lines: string[];
  annotations: TopologyAnnotationMap;
  elidedEdges: string[];
}

export function renderTopology(graph: TopologyGraph, options: TopologyLayoutOptions): RenderedTopology {
  const layout = layoutTopology(graph, options);
  return {
    lines: topologyLines(layout),
    annotations: topologyAnnotations(layout),
    elidedEdges: layout.elidedEdges,
  };
}

/** `renderTopology` for a layout prepared before (see `prepareTopologyLayout`): values only. */
export function renderPreparedTopology(
  prepared: PreparedTopologyLayout,
  graph: TopologyGraph,
): RenderedTopology {
  const layout = drawPreparedTopology(prepared, graph);
  return {
    lines: topologyLines(layout),
    annotations: topologyAnnotations(layout),
    elidedEdges: layout.elidedEdges,
  };
}

/** One string per row, without trailing blanks. */
export function topologyLines(layout: TopologyLayout): string[] {
  return layout.chars.map((row) => row.join('').replace(/\s+$/, ''));
}

export function topologyAnnotations(layout: TopologyLayout): TopologyAnnotationMap {
  return {
    width: layout.width,
    height: layout.height,
    regions: layout.regions,
    cells: layout.cellRegions,
    boxes: layout.boxes,
  };
}

export function regionAt(map: TopologyAnnotationMap, x: number, y: number): TopologyRegion | null {
  const index = map.cells[y]?.[x] ?? -1;
  return index >= 0 ? (map.regions[index] ?? null) : null;
}

/** The box under a cell, for clicks: any cell inside its rectangle, border included. */
export function boxAt(map: TopologyAnnotationMap, x: number, y: number): TopologyBox | null {
  return map.boxes.find((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height) ?? null;
}

const legend = [
  'Legend: ┏━┓ entry  ┌─┐ service  ╭─╮ Kafka topic  ╔═╗ datastore  ┌╌┐ domain',
  `        ${(['healthy', 'deploying', 'degraded', 'failed'] as const).map((h) => `${healthGlyphs[h]} ${h}`).join('  ')}  ${healthGlyphs.stale} stale or no data`,
  '        ▼ ▲ the way requests and messages flow; ─│─ lines cross without joining',
  "        lag N STATUS: messages a consumer group is behind, and Burrow's status — OK, WARN,",
  '        ERR (stalled, stopped or rewound), NOTFOUND (no commit); "!": the console found more',
];

/**
 * "Copy as text": a header with the time and environment, the diagram, a legend and the
 * problems in words — something that still makes sense pasted into an incident channel.
 */
export interface TopologyTextOptions extends TopologyLayoutOptions {
  /** Every box, even on a platform too large for one screen (see problemView.ts). */
  all?: boolean;
  /** Summary boxes of the problem view drawn one by one. */
  expanded?: readonly string[];
}

/** Problems (and deployments) listed in words before "and N more": the text stays pasteable. */
const listedInProblemView = 30;

export function snapshotText(
  graph: TopologyGraph,
  options: TopologyTextOptions,
  now: number,
  /** Says SANDBOX in the header, so a pasted picture of the simulated fleet is never taken for production. */
  onSandbox = false,
): string {
  const focused = !options.all && problemViewApplies(graph) ? problemView(graph, options.expanded) : null;
  const drawn = focused?.graph ?? graph;
  const rendered = renderTopology(drawn, options);
  const clusters = graph.clusters.length > 0 ? ` (${graph.clusters.join(', ')})` : '';
  const ways = [
    focused ? problemViewWords(focused) : null,
    options.collapseHealthy ? 'healthy boxes collapsed' : null,
    options.groupByDomain ? 'grouped by domain' : null,
  ]
    .filter((w) => w !== null)
    .join(', ');
  const age = (at: number) => spokenDuration(now - at, { finestUnit: 'second' });
  const ages = [`fleet data ${age(graph.fleetAt)} old`];
  ages.push(graph.lagAt === null ? 'no lag data' : `lag data ${age(graph.lagAt)} old`);

  const width = Math.max(rendered.annotations.width, options.width);
  const out: string[] = [
    ...wrapWords(
      `FlareNet topology — ${onSandbox ? 'SANDBOX — ' : ''}${graph.environment}${clusters} — ${utcText(now)}`,
      width,
      '',
      '  ',
    ),
    ...wrapPhrases(summaryParts(graph), width),
    ...wrapWords(`${ages.join(', ')}${ways ? `; ${ways}` : ''}`, width, '', '  '),
    '',
  ];
  out.push(
    ...(rendered.lines.length > 0 && graph.nodes.length > 0
      ? rendered.lines
      : ['(nothing to draw: no services in this environment)']),
  );
  out.push('');

  const list = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push(heading);
    const shown =
      focused && lines.length > listedInProblemView + 1 ? lines.slice(0, listedInProblemView) : lines;
    for (const line of shown) out.push(...wrapWords(line, width, '  - ', '    '));
    if (shown.length < lines.length)
      out.push(`  - … and ${lines.length - shown.length} more (draw all boxes to list every one)`);
  };
  const problems = problemLines(graph);
  if (problems.length === 0) {
    const lagUnknown = graph.lagAt === null && graph.edges.some((e) => e.kind === 'consumes');
    out.push(
      lagUnknown
        ? 'No problems seen: every service healthy; consumer lag unknown.'
        : 'No problems: every service healthy, no consumer group behind.',
    );
  }
  list('Problems:', problems);
  list('Deploying:', deployingLines(graph));
  list('Notes:', graph.notes);
  if (rendered.elidedEdges.length > 0) {
    const edges = new Map(drawn.edges.map((e) => [e.id, e]));
    const examples = rendered.elidedEdges.slice(0, 3).map((id) => describeEdge(edges.get(id)!, drawn));
    const more = rendered.elidedEdges.length > examples.length ? ', …' : '';
    out.push(
      ...wrapWords(
        `Not drawn for lack of room: ${rendered.elidedEdges.length} edges (${examples.join('; ')}${more}); widen the view, collapse healthy boxes or group by domain.`,
        width,
        '',
        '  ',
      ),
    );
  }
  out.push('', ...legend);
  if (graph.nodes.some((node) => node.kind === 'service' && node.vitals !== undefined))
    out.push(
      `        5xx, p99: a service's share of 5XX answers and p99 latency, newest minute (CloudWatch);`,
      `        ${alarmGlyph} a CloudWatch alarm of the service is in ALARM`,
    );
  if (focused)
    out.push('        a box of counts stands for the rest of a domain or cluster, with their health');
  return `${out.join('\n')}\n`;
}

/** "problems and their neighbours drawn; 1 007 more in 4 summary boxes". */
export function problemViewWords(view: ProblemView): string {
  const summarised = `${formatCount(view.summarised)}`;
  return view.problems > 0
    ? `problems and their neighbours drawn; ${summarised} more in ${view.summaries} summary boxes`
    : `nothing wrong to draw; ${summarised} in ${view.summaries} summary boxes`;
}

/** Joins phrases with " · ", breaking lines between phrases. */
function wrapPhrases(phrases: string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const phrase of phrases) {
    if (line !== '' && [...line].length + 3 + [...phrase].length > width) {
      lines.push(`${line} ·`);
      line = `  ${phrase}`;
    } else {
      line = line === '' ? phrase : `${line} · ${phrase}`;
    }
  }
  return [...lines, line];
}
