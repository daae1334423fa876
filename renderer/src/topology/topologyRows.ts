import type { GroupStatus, LagSeverity } from '../../../shared/kafka/kafkaModel';
import type { TopologyEdge, TopologyGraph } from '../../../shared/topology/topologyModel';
import type { RenderedTopology, TopologyAnnotationMap } from '../../../shared/topology/render';

/**
 * The drawn grid as rows of runs: stretches of one row that belong to the same region (a
 * box, an edge, a lag label, a domain frame) and are drawn alike, so the page colours the
 * text from the annotation map instead of reading it back. A row's `signature` changes only
 * when its text or its runs do, so a refresh re-renders only the rows whose values changed.
 */

export interface TopologyRun {
  text: string;
  /** CSS classes: region kind and severity, `tb` on a box's border characters. */
  className: string;
  /** Set on a consumer group's lag label: Burrow's status and the group's severity. */
  label: { group: string; status: GroupStatus | 'none'; severity: LagSeverity | 'none' } | null;
}

export interface TopologyRow {
  runs: TopologyRun[];
  signature: string;
}

const regionClass = { node: 'tn', edge: 'te', label: 'tl', frame: 'tf' } as const;

/** Box-drawing characters (U+2500–U+257F): a box's border, coloured apart from its words. */
function isBorder(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x2500 && code <= 0x257f;
}

export function topologyRows(rendered: RenderedTopology, graph: TopologyGraph): TopologyRow[] {
  const { annotations } = rendered;
  const edges = new Map(graph.edges.map((edge) => [edge.id, edge]));
  const classOf = regionClasses(annotations);
  const labelOf = new Map<number, TopologyRun['label']>();
  annotations.regions.forEach((region, index) => {
    if (region.kind === 'label') labelOf.set(index, labelFacts(region.edgeIds, edges));
  });

  return rendered.lines.map((line, y) => {
    const chars = [...line];
    const cells = annotations.cells[y] ?? [];
    const runs: TopologyRun[] = [];
    let start = 0;
    const keyOf = (x: number) => {
      const region = cells[x] ?? -1;
      const kind = region >= 0 ? annotations.regions[region]?.kind : undefined;
      return kind === 'node' ? `${region}:${isBorder(chars[x]!) ? 'b' : 't'}` : `${region}`;
    };
    for (let x = 1; x <= chars.length; x++) {
      if (x < chars.length && keyOf(x) === keyOf(start)) continue;
      const region = cells[start] ?? -1;
      const border = annotations.regions[region]?.kind === 'node' && isBorder(chars[start]!);
      runs.push({
        text: chars.slice(start, x).join(''),
        className: region < 0 ? '' : `${classOf[region]}${border ? ' tb' : ''}`,
        label: labelOf.get(region) ?? null,
      });
      start = x;
    }
    return { runs, signature: runs.map((run) => `${run.className}\u0001${run.text}`).join('\u0002') };
  });
}

function regionClasses(annotations: TopologyAnnotationMap): string[] {
  return annotations.regions.map((region) =>
    region.kind === 'frame' ? regionClass.frame : `${regionClass[region.kind]} s-${region.severity}`,
  );
}

/** The group a lag label is about, and its status, for the page's test hooks and clicks. */
function labelFacts(
  edgeIds: readonly string[],
  edges: ReadonlyMap<string, TopologyEdge>,
): NonNullable<TopologyRun['label']> | null {
  for (const id of edgeIds) {
    const edge = edges.get(id);
    if (edge?.kind === 'consumes')
      return {
        group: edge.groupId,
        status: edge.lag?.burrowStatus ?? 'none',
        severity: edge.lag?.severity ?? 'none',
      };
  }
  return null;
}
