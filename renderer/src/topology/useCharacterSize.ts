import { useEffect, useState, type RefObject } from 'react';

export interface CharacterSize {
  width: number;
  height: number;
}

/** The probe holds this many characters: one character's width is too small to measure well. */
export const probeLength = 64;

/**
 * The size of one character cell of the diagram's font, measured from a hidden probe in the
 * same font: what turns a column and a row into pixels (box overlays) and a click back into
 * a cell. Measured again when fonts load and when the probe's size changes (zoom).
 */
export function useCharacterSize(probeRef: RefObject<HTMLElement | null>): CharacterSize | null {
  const [size, setSize] = useState<CharacterSize | null>(null);
  useEffect(() => {
    const probe = probeRef.current;
    if (!probe) return;
    const measure = () => {
      const rect = probe.getBoundingClientRect();
      if (rect.width <= 0 || rect.height <= 0) return;
      const next = { width: rect.width / probeLength, height: rect.height };
      setSize((previous) =>
        previous && previous.width === next.width && previous.height === next.height ? previous : next,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(probe);
    let live = true;
    void document.fonts?.ready.then(() => {
      if (live) measure();
    });
    return () => {
      live = false;
      observer.disconnect();
    };
  }, [probeRef]);
  return size;
}

/**
 * The width of an element in columns of `size`, less `reservePx` (the diagram's padding and
 * scroll bar), following it as it resizes but only once it has stopped for `delayMs`: a
 * layout is costly, a window being dragged wider is many resizes.
 */
export function useColumns(
  elementRef: RefObject<HTMLElement | null>,
  size: CharacterSize | null,
  reservePx: number,
  delayMs = 150,
): number | null {
  const [columns, setColumns] = useState<number | null>(null);
  useEffect(() => {
    const element = elementRef.current;
    if (!element || !size) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => setColumns(Math.max(1, Math.floor((element.clientWidth - reservePx) / size.width)));
    read();
    const observer = new ResizeObserver(() => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(read, delayMs);
    });
    observer.observe(element);
    return () => {
      if (timer !== null) clearTimeout(timer);
      observer.disconnect();
    };
  }, [elementRef, size, reservePx, delayMs]);
  return columns;
}
