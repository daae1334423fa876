import { rename, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { makeOwnerOnlyFolder, ownerOnlyFileMode } from '../core/app/ownerOnly';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

const savedWindowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});
export type SavedWindowState = z.infer<typeof savedWindowStateSchema>;

/** Where and how big to open the window; without x and y Electron centres it on the primary display. */
export interface WindowPlacement {
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

export const defaultWindowSize = { width: 1440, height: 900 };
export const smallestWindowSize = { width: 900, height: 600 };

/** How much of a saved window must lie on a display to put it back there: enough to grab and move it. */
const visibleEnough = { width: 120, height: 40 };

/**
 * Puts the window back where it was, if the display it was on is still there (by its work
 * area: a monitor unplugged since, or a laptop off its dock, is not). Otherwise it opens at
 * its old size on the primary display. Either way it fits the display it opens on.
 * `workAreas` lists the displays' work areas, the primary one first.
 */
export function placeWindow(saved: unknown, workAreas: readonly Rectangle[]): WindowPlacement {
  const primary = workAreas[0];
  const parsed = savedWindowStateSchema.safeParse(saved);
  if (!parsed.success) return { bounds: fitSize(defaultWindowSize, primary), maximized: false };
  const { bounds, maximized } = parsed.data;
  const area = workAreas.find((candidate) => {
    const overlap = intersection(candidate, bounds);
    return overlap.width >= visibleEnough.width && overlap.height >= visibleEnough.height;
  });
  if (!area) return { bounds: fitSize(bounds, primary), maximized };
  const { width, height } = fitSize(bounds, area);
  return {
    bounds: {
      x: clamp(bounds.x, area.x, area.x + area.width - width),
      y: clamp(bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized,
  };
}

function fitSize(size: { width: number; height: number }, area: Rectangle | undefined) {
  const widest = area?.width ?? Infinity;
  const tallest = area?.height ?? Infinity;
  return {
    width: Math.min(Math.max(size.width, smallestWindowSize.width), widest),
    height: Math.min(Math.max(size.height, smallestWindowSize.height), tallest),
  };
}

function intersection(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clamp(value: number, lowest: number, highest: number): number {
  return Math.max(lowest, Math.min(value, highest));
}

/**
 * The window's size, position and maximised state in a small JSON file in the data folder,
 * owner-only like the rest of it, with the shell's other window preferences (whether closing
 * keeps the console running in the tray, see consoleTray.ts). A missing or unreadable file is
 * no saved state.
 */
export class WindowStateFile {
  private writing: Promise<void> = Promise.resolve();
  /** What the file holds as this process last wrote it; read once, by the first save. */
  private held: Readonly<Record<string, unknown>> | null = null;

  constructor(
    private readonly path: string,
    private readonly log: (line: string) => void,
  ) {}

  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log(`Window state: cannot read ${this.path}: ${String(error)}`);
      return null;
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      this.log(`Window state: ${this.path} is not JSON; the window opens at its default size.`);
      return null;
    }
  }

  /**
   * Sets the fields given and keeps the others (the window's place and the tray preference
   * are saved apart). Writes in turn, each through a temporary file, so a crash mid-write
   * leaves the last good state.
   */
  save(fields: Readonly<Record<string, unknown>>): void {
    this.writing = this.writing
      .then(async () => {
        if (this.held === null) {
          const saved = await this.read();
          this.held =
            typeof saved === 'object' && saved !== null && !Array.isArray(saved)
              ? (saved as Record<string, unknown>)
              : {};
        }
        this.held = { ...this.held, ...fields };
        await makeOwnerOnlyFolder(dirname(this.path));
        const temporary = `${this.path}.tmp`;
        await writeFile(temporary, JSON.stringify(this.held), { mode: ownerOnlyFileMode });
        await rename(temporary, this.path);
      })
      .catch((error: unknown) => this.log(`Window state: cannot write ${this.path}: ${String(error)}`));
  }

  /** Resolves once every save so far is on disk (or has failed and been logged). */
  settled(): Promise<void> {
    return this.writing;
  }
}

/** The part of a BrowserWindow whose size and place are remembered. */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isMinimized(): boolean;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'maximize', listener: () => void): unknown;
  on(event: 'unmaximize', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

/** Dragging a window fires move events by the dozen; the state is written once it rests this long. */
const settleMs = 1_000;

/**
 * Saves the window's state when it has been moved or resized and come to rest, and when it
 * closes. The bounds saved are the normal (not maximised) ones, so a maximised window
 * un-maximises to where it was; a minimised window keeps what it had before.
 */
export function rememberWindowState(win: TrackedWindow, save: (state: SavedWindowState) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveNow = () => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isMinimized()) return;
    const { x, y, width, height } = win.getNormalBounds();
    save({
      bounds: { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) },
      maximized: win.isMaximized(),
    });
  };
  const saveWhenSettled = () => {
    clearTimeout(timer);
    timer = setTimeout(saveNow, settleMs);
  };
  win.on('resize', saveWhenSettled);
  win.on('move', saveWhenSettled);
  win.on('maximize', saveNow);
  win.on('unmaximize', saveNow);
  win.on('close', saveNow);
}
