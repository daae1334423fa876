import { healthGlyphs } from '../fleet/healthGlyphs';
import { errorRateText, latencyText } from '../metrics/metricWords';
import { textWidth, truncateToWidth } from '../textWidth';
import {
  healthSeverity,
  worstSeverity,
  type EntryKind,
  type GroupLag,
  type ServiceVitals,
  type TopologyNode,
  type TopologySeverity,
} from './topologyModel';
import { summaryCountsText, summaryHealthPhrases } from './problemView';
import type { ViewNode } from './viewGraph';

/**
 * What each box says and how big it is. Sizes come from names and the number of edges only,
 * never from values, and every value has a fixed room (health word, counts, lag label), so a
 * box keeps its size — and its neighbours their places — whatever the fleet does.
 */

export type BorderStyle = 'light' | 'heavy' | 'rounded' | 'double';

/** Shapes that differ on a monochrome terminal too: the legend explains them. */
export const borderStyles: Record<ViewNode['kind'] | 'datastore', BorderStyle> = {
  entry: 'heavy',
  service: 'light',
  group: 'light',
  aggregate: 'light',
  summary: 'light',
  topic: 'rounded',
  datastore: 'double',
};

export function borderStyleOf(node: ViewNode): BorderStyle {
  return node.kind === 'aggregate' && node.memberKind === 'topic'
    ? borderStyles.topic
    : borderStyles[node.kind];
}

/** The room an edge label takes beside its arrow: "lag 99 999 UNKNOWN" does not fit, so large numbers shorten. */
export const labelWidth = 16;

/** "◐ deploying 999/999". */
const healthLineRoom = 19;
/** Between a service and its datastores: room for the arrow "──▶". */
export const datastoreGap = 3;

const minBoxWidth = healthLineRoom + 4;
const maxBoxWidth = 30;
const maxDatastoreWidth = 24;

export type NodeLookup = (id: string) => TopologyNode;

export interface BoxSize {
  width: number;
  height: number;
}

/** `portRoom` is how many columns the box's busiest side needs for its edge ends. */
export function measureBox(node: ViewNode, lookup: NodeLookup, portRoom: number): BoxSize {
  // Values have a fixed room (healthLineRoom); only names size a box.
  const lines = contentLines(node, lookup, healthLineRoom);
  const text = Math.max(
    ...lines.map((line, index) => (node.kind === 'service' && index > 0 ? healthLineRoom : textWidth(line))),
  );
  const floor = node.kind === 'topic' || node.kind === 'entry' ? 0 : minBoxWidth;
  // A summary's counts and health change with the fleet; its size must not.
  const fit = node.kind === 'summary' ? maxBoxWidth : Math.min(Math.max(floor, text + 4), maxBoxWidth);
  const width = Math.max(fit, portRoom + 4, 9);
  const datastoreRows = 3 * node.datastores.length;
  return { width, height: Math.max(lines.length + 2, datastoreRows) };
}

export function measureDatastore(node: TopologyNode): BoxSize {
  return { width: Math.min(textWidth(node.name) + 4, maxDatastoreWidth), height: 3 };
}

/** The box's text, one string per line inside the border, each exactly `width - 2` wide. */
export function boxLines(node: ViewNode, lookup: NodeLookup, width: number): string[] {
  const inner = width - 4;
  return contentLines(node, lookup, inner).map((line) => ` ${pad(truncateToWidth(line, inner), inner)} `);
}

export function datastoreLine(node: TopologyNode, width: number): string {
  return ` ${pad(truncateToWidth(node.name, width - 4), width - 4)} `;
}

function contentLines(view: ViewNode, lookup: NodeLookup, inner: number): string[] {
  const node = lookup(view.nodeIds[0]!);
  switch (view.kind) {
    case 'entry':
      return [node.name, node.kind === 'entry' ? entryWords(node.entryKind) : 'entry'];
    case 'topic':
      return [node.name];
    case 'group':
      return [node.name, 'consumer group', 'owner unknown'];
    case 'summary': {
      if (node.kind !== 'summary') return [node.name];
      const health = summaryHealthPhrases(node.summary, (state) => healthGlyphs[state]);
      return [
        node.name,
        summaryCountsText(node.summary),
        ...(node.summary.services > 0 ? twoLines(health, inner) : []),
      ];
    }
    case 'aggregate': {
      const names = view.nodeIds.map((id) => lookup(id).name);
      const what = view.memberKind === 'topic' ? 'topics' : 'healthy services';
      return [`${names.length} ${what}`, names.join(', ')];
    }
    case 'service': {
      if (node.kind !== 'service' || node.state === null) return [node.name, '○ no data', 'not in the fleet'];
      const state = node.state;
      const health = `${healthGlyphs[state.health]} ${state.health}`;
      const counts = `${formatCount(state.runningCount)}/${formatCount(state.desiredCount)}`;
      // Counts keep to the right edge so they line up down a column of boxes.
      const gap = Math.max(1, inner - textWidth(health) - textWidth(counts));
      const revision =
        state.family === node.name ? `rev ${state.revision}` : `${state.family}:${state.revision}`;
      const lines = [node.name, `${health}${' '.repeat(gap)}${counts}`, revision];
      if (node.vitals) lines.push(vitalsLine(node.vitals, inner));
      return lines;
    }
  }
}

/** Marks a box whose service has a CloudWatch alarm in ALARM; the legend explains it. */
export const alarmGlyph = '⚑';

/**
 * "5xx 14% p99 2.1s", after "⚑ " when an alarm is in ALARM, within the box's fixed room for
 * values: units close up, then the mark's space goes, before anything is cut.
 */
export function vitalsLine(vitals: ServiceVitals, inner: number): string {
  const close = (text: string) => text.replace(' ', '');
  const figures = !vitals.measured
    ? 'no CloudWatch data'
    : !vitals.loadBalanced
      ? 'no load balancer'
      : vitals.errorRate === null && vitals.p99 === null
        ? 'no 5xx/p99 data'
        : `5xx ${vitals.errorRate === null ? '?' : close(errorRateText(vitals.errorRate))} p99 ${vitals.p99 === null ? '?' : close(latencyText(vitals.p99))}`;
  if (vitals.alarms.length === 0) return figures;
  const marked = `${alarmGlyph} ${figures}`;
  return textWidth(marked) <= inner ? marked : `${alarmGlyph}${figures}`;
}

export function entryWords(kind: EntryKind): string {
  switch (kind) {
    case 'load-balancer':
      return 'load balancer';
    case 'api-gateway':
      return 'API gateway';
    case 'cdn':
      return 'CDN';
    case 'other':
      return 'entry';
  }
}

export function viewSeverity(view: ViewNode, lookup: NodeLookup): TopologySeverity {
  return worstSeverity(
    view.nodeIds.map((id) => {
      const node = lookup(id);
      if (node.kind === 'service')
        return worstSeverity([
          healthSeverity(node.state?.health ?? null),
          node.vitals && node.vitals.alarms.length > 0 ? 'error' : 'none',
        ]);
      if (node.kind === 'group') return 'unknown';
      if (node.kind === 'summary') {
        const counts = node.summary.health;
        return worstSeverity(
          (Object.keys(counts) as (keyof typeof counts)[])
            .filter((health) => (counts[health] ?? 0) > 0)
            .map((health) => healthSeverity(health === 'no data' ? null : health)),
        );
      }
      return 'none';
    }),
  );
}

/**
 * "lag 12 340 ERR", shortened to fit its room: "lag 123k WARN". The word is Burrow's status;
 * a "!" after it says the console found more (the problem lines name it), and the colour is
 * the worse of the two.
 */
export function lagLabel(lag: GroupLag | null): string {
  if (lag === null) return 'no lag data';
  const status = `${lag.burrowStatus}${lag.findings.length > 0 ? ' !' : ''}`;
  const full = `lag ${formatCount(lag.totalLag)} ${status}`;
  return textWidth(full) <= labelWidth ? full : `lag ${formatCompact(lag.totalLag)} ${status}`;
}

/** Thousands apart with spaces, as the lag views write them: 12 340. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

export function formatCompact(value: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (value >= size) {
      const scaled = value / size;
      return `${scaled < 10 ? Math.floor(scaled * 10) / 10 : Math.floor(scaled)}${suffix}`;
    }
  }
  return String(value);
}

/** Phrases joined with ", " over exactly two lines, breaking between phrases; what does not fit is cut. */
function twoLines(phrases: readonly string[], width: number): [string, string] {
  let first = '';
  let index = 0;
  for (; index < phrases.length; index++) {
    const next = first === '' ? phrases[index]! : `${first}, ${phrases[index]!}`;
    if (first !== '' && textWidth(next) + 1 > width) break;
    first = next;
  }
  const rest = phrases.slice(index).join(', ');
  return rest === '' ? [first, ''] : [`${first},`, rest];
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}
