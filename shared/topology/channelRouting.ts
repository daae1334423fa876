import { portRoom, portSpan, sideOf, type Net, type PortRequest, type Side } from './edgeNets';
import { netRows, type RowPlan } from './rowPlacement';

/**
 * Where lines meet boxes, and the channels between rows they run in.
 *
 * Ports: each side of a box spreads its edge ends, centred, in the order of where they lead,
 * so lines leave without crossing; a labelled arrow keeps its label's room to its right, inside
 * the box's width, where nothing else can be drawn. Then, where a box has room, an end moves
 * to line up with the other end of its line (a straight line instead of a jog), and away from
 * another net's line one column over (two lines side by side read as one).
 *
 * Channels: each net crossing from one row to the next takes one horizontal track joining all
 * its ends there (a net with one end above and one below in the same column needs none).
 * Tracks are shared by nets that do not overlap, taken from the top (left-edge), a net whose
 * line comes down in the column where another's goes on down placed above it.
 *
 * A channel, top to bottom: the row boxes leave from (upward arrows), a domain frame's bottom,
 * upward labels, the tracks, downward labels, the next domain frame's top, the row arrows
 * land on.
 */

export interface BoxPlace {
  x: number;
  width: number;
  height: number;
  row: number;
}

export interface Terminal {
  x: number;
  /** The box this end is on; null for a lane. */
  nodeId: string | null;
}

export interface ChannelNet {
  net: Net;
  tops: Terminal[];
  bottoms: Terminal[];
  /** Index into the channel's tracks; null when the net is one straight line. */
  track: number | null;
}

export interface Channel {
  /** Between row `index` and row `index + 1`. */
  index: number;
  nets: ChannelNet[];
  departure: number;
  frameBottom: number | null;
  upLabel: number | null;
  tracks: number[];
  downLabel: number | null;
  frameTop: number | null;
  arrival: number;
}

export interface Routing {
  /** `${netId}|${nodeId}` → column. */
  ports: Map<string, number>;
  rowY: number[];
  channels: Channel[];
  /** Above the first row, when it has frames. */
  topFrame: number | null;
  /** Below the last row, when it has frames. */
  bottomFrame: number | null;
  height: number;
}

export function portKey(netId: string, nodeId: string): string {
  return `${netId}|${nodeId}`;
}

export function routeChannels(
  plan: RowPlan,
  nets: readonly Net[],
  requests: ReadonlyMap<string, Record<Side, PortRequest[]>>,
  box: (id: string) => BoxPlace,
): Routing {
  const { rows, lanes } = plan;
  const netById = new Map(nets.map((n) => [n.id, n]));
  const centre = (id: string) => box(id).x + Math.floor(box(id).width / 2);

  const ports = new Map<string, number>();
  /** Each box side's ports in order, to check that a port can move. */
  const sidePorts = new Map<string, { key: string; span: number; place: BoxPlace }[]>();
  for (const [nodeId, sides] of requests) {
    const place = box(nodeId);
    for (const side of ['top', 'bottom'] as const) {
      const live = sides[side].filter((r) => {
        const net = netById.get(r.netId);
        return net !== undefined && (r.role === 'tail' ? net.tails : net.heads).includes(nodeId);
      });
      const next = side === 'bottom' ? place.row + 1 : place.row - 1;
      const leadsTo = (request: PortRequest) => {
        const net = netById.get(request.netId)!;
        const lane = lanes.get(net.id)?.get(next);
        if (lane) return lane.x;
        const far = request.role === 'tail' ? net.heads : net.tails;
        return far.reduce((sum, id) => sum + centre(id), 0) / far.length;
      };
      live.sort((a, b) => leadsTo(a) - leadsTo(b) || (a.netId < b.netId ? -1 : 1));
      const need = portRoom(live);
      let x = place.x + Math.max(2, Math.floor((place.width - need) / 2));
      const ordered: { key: string; span: number; place: BoxPlace }[] = [];
      for (const request of live) {
        const key = portKey(request.netId, nodeId);
        ports.set(key, Math.min(x, place.x + place.width - 3));
        ordered.push({ key, span: portSpan(request), place });
        sidePorts.set(key, ordered);
        x += portSpan(request) + 1;
      }
    }
  }

  const terminals = (net: Net, row: number, side: Side): Terminal[] => {
    const found: Terminal[] = [];
    const lane = lanes.get(net.id)?.get(row);
    if (lane) found.push({ x: lane.x, nodeId: null });
    for (const [role, ids] of [
      ['tail', net.tails],
      ['head', net.heads],
    ] as const) {
      for (const id of ids)
        if (plan.rowOf.get(id) === row && sideOf(net, role) === side)
          found.push({ x: ports.get(portKey(net.id, id))!, nodeId: id });
    }
    return found;
  };
  /** Moves a port to `x` when it stays on its box, in its order, clear of its neighbours. */
  const movePort = (key: string, x: number): boolean => {
    const siblings = sidePorts.get(key);
    if (!siblings) return false;
    const index = siblings.findIndex((p) => p.key === key);
    const { span, place } = siblings[index]!;
    if (x < place.x + 2 || x + span - 1 > place.x + place.width - 3) return false;
    const before = siblings[index - 1];
    const after = siblings[index + 1];
    if (before && ports.get(before.key)! + before.span + 1 > x) return false;
    if (after && x + span + 1 > ports.get(after.key)!) return false;
    ports.set(key, x);
    return true;
  };

  // A line with one end above and one below bends only if the ends cannot be lined up.
  for (let index = 0; index + 1 < rows.length; index++) {
    for (const net of nets) {
      const tops = terminals(net, index, 'bottom');
      const bottoms = terminals(net, index + 1, 'top');
      const lineUp = (ends: Terminal[], others: Terminal[]): boolean => {
        const end = ends[0]!;
        if (ends.length !== 1 || end.nodeId === null) return false;
        if (others.some((o) => o.x === end.x)) return true;
        const nearest = [...others].sort(
          (a, b) => Math.abs(a.x - end.x) - Math.abs(b.x - end.x) || a.x - b.x,
        );
        return nearest.some((other) => movePort(portKey(net.id, end.nodeId!), other.x));
      };
      if (tops.length === 0 || bottoms.length === 0) continue;
      if (!lineUp(bottoms, tops)) lineUp(tops, bottoms);
    }
  }

  // Lines of different nets one column apart read as one: move a port away where it can go.
  for (let index = 0; index + 1 < rows.length; index++) {
    const ends = nets.flatMap((net) => [
      ...terminals(net, index, 'bottom').map((t) => ({ net, t, across: terminals(net, index + 1, 'top') })),
      ...terminals(net, index + 1, 'top').map((t) => ({ net, t, across: terminals(net, index, 'bottom') })),
    ]);
    const crowded = (net: Net, x: number) => ends.some((o) => o.net !== net && Math.abs(o.t.x - x) <= 1);
    for (const end of ends) {
      if (end.t.nodeId === null || !crowded(end.net, end.t.x)) continue;
      if (end.across.some((a) => a.x === end.t.x)) continue;
      for (const step of [1, -1, 2, -2, 3, -3]) {
        const x = end.t.x + step;
        if (crowded(end.net, x) || end.across.some((a) => a.nodeId === null && Math.abs(a.x - x) === 1))
          continue;
        if (movePort(portKey(end.net.id, end.t.nodeId), x)) {
          end.t.x = x;
          break;
        }
      }
    }
  }

  const channels: Channel[] = [];
  for (let index = 0; index + 1 < rows.length; index++) {
    const channelNets: ChannelNet[] = [];
    for (const net of nets) {
      const span = netRows(net, plan.rowOf);
      if (!span || span.min > index || span.max < index + 1) continue;
      const tops = terminals(net, index, 'bottom');
      const bottoms = terminals(net, index + 1, 'top');
      if (tops.length === 0 || bottoms.length === 0) continue;
      const xs = new Set([...tops, ...bottoms].map((t) => t.x));
      channelNets.push({ net, tops, bottoms, track: xs.size > 1 ? 0 : null });
    }
    const trackCount = assignTracks(channelNets);
    // Labels sit beside the arrowheads of this channel's own rows.
    const labelled = (up: boolean, row: number) =>
      channelNets.some(
        (cn) =>
          cn.net.groupId !== null && cn.net.up === up && cn.net.heads.some((h) => plan.rowOf.get(h) === row),
      );
    channels.push({
      index,
      nets: channelNets,
      departure: 0,
      frameBottom: rows[index]!.framed ? 0 : null,
      upLabel: labelled(true, index) ? 0 : null,
      tracks: new Array<number>(trackCount).fill(0),
      downLabel: labelled(false, index + 1) ? 0 : null,
      frameTop: rows[index + 1]!.framed ? 0 : null,
      arrival: 0,
    });
  }

  // Rows and channels stacked down the page.
  const rowY: number[] = [];
  let y = 0;
  const topFrame = rows[0]?.framed ? 0 : null;
  if (topFrame !== null) y = 2;
  rows.forEach((row, index) => {
    rowY.push(y);
    y += row.height;
    const channel = channels[index];
    if (!channel) return;
    channel.departure = y++;
    if (channel.frameBottom !== null) channel.frameBottom = y++;
    if (channel.upLabel !== null) channel.upLabel = y++;
    channel.tracks = channel.tracks.map(() => y++);
    if (channel.downLabel !== null) channel.downLabel = y++;
    if (channel.frameTop !== null) channel.frameTop = y++;
    channel.arrival = y++;
  });
  let bottomFrame: number | null = null;
  if (rows[rows.length - 1]?.framed) {
    bottomFrame = y + 1;
    y += 2;
  }
  return { ports, rowY, channels, topFrame, bottomFrame, height: y };
}

/** Left-edge track assignment under the vertical constraints; returns the number of tracks. */
function assignTracks(nets: ChannelNet[]): number {
  const trunks = nets.filter((n) => n.track !== null);
  const span = (n: ChannelNet) => {
    const xs = [...n.tops, ...n.bottoms].map((t) => t.x);
    return { left: Math.min(...xs), right: Math.max(...xs) };
  };
  // A net coming down in a column another net continues down from must run above it.
  const above = new Map<ChannelNet, Set<ChannelNet>>(trunks.map((n) => [n, new Set()]));
  for (const a of trunks)
    for (const b of trunks)
      if (a !== b && a.tops.some((t) => b.bottoms.some((u) => u.x === t.x))) above.get(b)!.add(a);

  const placed = new Set<ChannelNet>();
  const remaining = [...trunks].sort((a, b) => span(a).left - span(b).left || (a.net.id < b.net.id ? -1 : 1));
  let track = 0;
  while (remaining.length > 0) {
    let right = Number.NEGATIVE_INFINITY;
    const taken: ChannelNet[] = [];
    for (const net of remaining) {
      const { left, right: end } = span(net);
      if (left <= right + 1) continue;
      if ([...above.get(net)!].some((a) => !placed.has(a))) continue;
      taken.push(net);
      right = end;
    }
    // Constraints that go round in a circle: take the first net regardless.
    if (taken.length === 0) taken.push(remaining[0]!);
    for (const net of taken) {
      net.track = track;
      remaining.splice(remaining.indexOf(net), 1);
    }
    for (const net of taken) placed.add(net);
    track++;
  }
  return track;
}
