import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type RefObject,
} from 'react';
import { moveBetweenBoxes, targetAt, type BoxFacts, type BoxMove, type OpenTarget } from './topologyBoxes';
import type { TopologyPicture } from './topologyRenderCache';
import type { TopologyRow } from './topologyRows';
import type { CharacterSize } from './useCharacterSize';

/** Diagrams taller than this draw only the rows near the screen. */
const allRowsUpTo = 400;
/** Rows drawn above and below the screen when only some are. */
const overscanRows = 40;

const moveKeys: Record<string, BoxMove> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'first',
  End: 'last',
};

/**
 * The diagram: the text grid coloured per cell from the annotation map, with a focusable,
 * transparent overlay on each box. Keys move between the boxes (arrows, Tab) and Enter opens
 * one; a click is mapped to its cell with the measured character size, so it opens a box or,
 * on a lag line or label, that consumer group.
 */
export function TopologyGrid({
  picture,
  size,
  scrollRef,
  focusedBox,
  onFocusBox,
  onOpen,
}: {
  picture: TopologyPicture;
  size: CharacterSize;
  scrollRef: RefObject<HTMLDivElement | null>;
  focusedBox: string | null;
  onFocusBox: (id: string | null) => void;
  onOpen: (target: OpenTarget) => void;
}) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const { rendered, rows, boxes } = picture;
  const range = useVisibleRows(scrollRef, size, rows.length);

  const focusBox = useCallback(
    (id: string | null) => {
      onFocusBox(id);
      if (id === null) return;
      const element = overlayRef.current?.querySelector<HTMLElement>(`[data-box-id="${CSS.escape(id)}"]`);
      element?.focus({ preventScroll: false });
    },
    [onFocusBox],
  );

  // After a new layout (a resize, other options) the focused box may sit elsewhere: keep it in sight.
  useLayoutEffect(() => {
    if (focusedBox === null) return;
    const element = overlayRef.current?.querySelector<HTMLElement>(
      `[data-box-id="${CSS.escape(focusedBox)}"]`,
    );
    if (element && document.activeElement === element)
      element.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [rendered, focusedBox]);

  const cellOf = (event: MouseEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return {
      x: Math.floor((event.clientX - rect.left) / size.width),
      y: Math.floor((event.clientY - rect.top) / size.height),
    };
  };

  const onClick = (event: MouseEvent) => {
    const { x, y } = cellOf(event);
    const hit = targetAt(picture.graph, rendered.annotations, boxes, x, y);
    if (hit.boxId !== null) focusBox(hit.boxId);
    if (hit.target) onOpen(hit.target);
  };

  const onMouseMove = (event: MouseEvent) => {
    const { x, y } = cellOf(event);
    const hit = targetAt(picture.graph, rendered.annotations, boxes, x, y);
    canvasRef.current!.style.cursor = hit.target ? 'pointer' : '';
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const move = moveKeys[event.key];
    if (!move) return;
    event.preventDefault();
    focusBox(moveBetweenBoxes(boxes, focusedBox, move));
  };

  return (
    <div
      ref={canvasRef}
      className="topology-canvas"
      style={{ width: rendered.annotations.width * size.width, height: rows.length * size.height }}
      onClick={onClick}
      onMouseMove={onMouseMove}
    >
      <div
        className="topology-grid"
        aria-hidden="true"
        style={{
          transform: `translateY(${range.first * size.height}px)`,
          lineHeight: `${size.height}px`,
          ['--row-height' as string]: `${size.height}px`,
        }}
      >
        {rows.slice(range.first, range.last).map((row, index) => (
          <GridRow key={range.first + index} row={row} />
        ))}
      </div>
      <div
        className="topology-overlays"
        ref={overlayRef}
        onKeyDown={onKeyDown}
        role="group"
        aria-label="Topology boxes"
      >
        {boxes.map((box) => (
          <BoxOverlay
            key={box.id}
            box={box}
            size={size}
            focused={box.id === focusedBox}
            onFocus={onFocusBox}
            onOpen={onOpen}
          />
        ))}
      </div>
    </div>
  );
}

const GridRow = memo(
  function GridRow({ row }: { row: TopologyRow }) {
    return (
      <div className="topology-row">
        {row.runs.map((run, index) =>
          run.label ? (
            <span
              key={index}
              className={run.className}
              data-testid="topology-edge-label"
              data-group={run.label.group}
              data-status={run.label.status}
              data-severity={run.label.severity}
            >
              {run.text}
            </span>
          ) : run.className === '' ? (
            run.text
          ) : (
            <span key={index} className={run.className}>
              {run.text}
            </span>
          ),
        )}
      </div>
    );
  },
  (a, b) => a.row.signature === b.row.signature,
);

const BoxOverlay = memo(function BoxOverlay({
  box,
  size,
  focused,
  onFocus,
  onOpen,
}: {
  box: BoxFacts;
  size: CharacterSize;
  focused: boolean;
  onFocus: (id: string) => void;
  onOpen: (target: OpenTarget) => void;
}) {
  return (
    <button
      type="button"
      className={focused ? 'topology-box focused' : 'topology-box'}
      style={{
        left: box.x * size.width,
        top: box.y * size.height,
        width: box.width * size.width,
        height: box.height * size.height,
      }}
      data-testid="topology-box"
      data-box-id={box.id}
      data-kind={box.kind}
      data-node={box.name}
      data-health={box.health ?? undefined}
      data-status={box.status ?? undefined}
      data-severity={box.severity ?? undefined}
      aria-label={box.description}
      title={box.description}
      onFocus={() => onFocus(box.id)}
      onClick={(event) => {
        // The grid under the overlay maps clicks itself; this is Enter and Space.
        event.stopPropagation();
        if (box.target) onOpen(box.target);
      }}
    />
  );
});

/** The rows near the scrolled-to part of a tall diagram; all of them for a short one. */
function useVisibleRows(
  scrollRef: RefObject<HTMLDivElement | null>,
  size: CharacterSize,
  count: number,
): { first: number; last: number } {
  const [view, setView] = useState({ top: 0, height: 1000 });
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || count <= allRowsUpTo) return;
    let frame: number | null = null;
    const read = () => {
      frame = null;
      setView((previous) =>
        previous.top === element.scrollTop && previous.height === element.clientHeight
          ? previous
          : { top: element.scrollTop, height: element.clientHeight },
      );
    };
    const onScroll = () => {
      frame ??= requestAnimationFrame(read);
    };
    read();
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(onScroll);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [scrollRef, count]);
  if (count <= allRowsUpTo) return { first: 0, last: count };
  const first = Math.max(0, Math.floor(view.top / size.height) - overscanRows);
  const last = Math.min(count, Math.ceil((view.top + view.height) / size.height) + overscanRows);
  return { first, last };
}
