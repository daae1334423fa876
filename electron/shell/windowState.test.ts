import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from '../testing/electronFakes';
import { placeWindow, rememberWindowState, WindowStateFile, type SavedWindowState } from './windowState';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
/** A second monitor to the right of the laptop. */
const monitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('placeWindow', () => {
  it('puts the window back where it was, maximised if it was', () => {
    const saved = { bounds: { x: 2100, y: 80, width: 1600, height: 1000 }, maximized: true };
    expect(placeWindow(saved, [laptop, monitor])).toEqual(saved);
  });

  it('opens at its old size on the primary display when its display is gone', () => {
    const saved = { bounds: { x: 2100, y: 80, width: 1600, height: 1000 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ bounds: { width: 1600, height: 1000 }, maximized: false });
  });

  it('shrinks a window too big for the display left, to fit it', () => {
    const saved = { bounds: { x: 1950, y: 0, width: 2500, height: 1380 }, maximized: true };
    expect(placeWindow(saved, [laptop])).toEqual({ bounds: { width: 1920, height: 1050 }, maximized: true });
  });

  it('pulls a window that hangs off the edge of its display back onto it', () => {
    const saved = { bounds: { x: 1700, y: -30, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({
      bounds: { x: 720, y: 0, width: 1200, height: 800 },
      maximized: false,
    });
  });

  it('does not count a sliver on a display as being on it', () => {
    const saved = { bounds: { x: 1900, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ width: 1200, height: 800 });
  });

  it('opens at the default size with nothing saved, or something unreadable', () => {
    for (const saved of [
      null,
      {},
      { bounds: { x: 'a' } },
      { bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false },
    ]) {
      expect(placeWindow(saved, [laptop, monitor])).toEqual({
        bounds: { width: 1440, height: 900 },
        maximized: false,
      });
    }
  });

  it('never opens smaller than the console can be used at', () => {
    const saved = { bounds: { x: 10, y: 10, width: 300, height: 200 }, maximized: false };
    expect(placeWindow(saved, [laptop]).bounds).toEqual({ x: 10, y: 10, width: 900, height: 600 });
  });
});

describe('rememberWindowState', () => {
  afterEach(() => vi.useRealTimers());

  function tracked() {
    const win = new FakeBrowserWindow({ x: 100, y: 50, width: 1400, height: 880 });
    const saved: SavedWindowState[] = [];
    rememberWindowState(win, (state) => saved.push(state));
    return { win, saved };
  }

  it('saves once the window has come to rest after moving', () => {
    vi.useFakeTimers();
    const { win, saved } = tracked();
    win.setBounds({ x: 110, y: 50, width: 1400, height: 880 });
    win.setBounds({ x: 300, y: 60, width: 1400, height: 880 });
    expect(saved).toEqual([]);
    vi.runAllTimers();
    expect(saved).toEqual([{ bounds: { x: 300, y: 60, width: 1400, height: 880 }, maximized: false }]);
  });

  it('saves the bounds to un-maximise to, and that it is maximised', () => {
    const { win, saved } = tracked();
    win.maximize();
    expect(saved).toEqual([{ bounds: { x: 100, y: 50, width: 1400, height: 880 }, maximized: true }]);
  });

  it('saves on close, and not while minimised', () => {
    vi.useFakeTimers();
    const { win, saved } = tracked();
    win.setBounds({ x: 5, y: 5, width: 1000, height: 700 });
    win.close();
    expect(saved).toEqual([{ bounds: { x: 5, y: 5, width: 1000, height: 700 }, maximized: false }]);
    win.minimize();
    win.close();
    vi.runAllTimers();
    expect(saved).toHaveLength(1);
  });
});

describe('WindowStateFile', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('reads back what it saved, in an owner-only file and folder', async () => {
    folder = await mkdtemp(join(tmpdir(), 'flarenet-window-'));
    const path = join(folder, 'data', 'window-state.json');
    const lines: string[] = [];
    const file = new WindowStateFile(path, (line) => lines.push(line));
    expect(await file.read()).toBeNull();
    const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true };
    file.save(state);
    await file.settled();
    expect(await file.read()).toEqual(state);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, 'data'))).mode & 0o777).toBe(0o700);
    expect(lines).toEqual([]);
  });

  it('keeps the fields it is not given: the window’s place and the tray preference are saved apart', async () => {
    folder = await mkdtemp(join(tmpdir(), 'flarenet-window-'));
    const path = join(folder, 'window-state.json');
    const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: false };
    await writeFile(path, JSON.stringify(state));
    // A later run: the file it finds is merged into, not replaced.
    const file = new WindowStateFile(path, () => undefined);
    file.save({ keepRunningInTray: false });
    file.save({ ...state, maximized: true });
    file.save({ trayNoticeShown: true });
    await file.settled();
    expect(await file.read()).toEqual({
      ...state,
      maximized: true,
      keepRunningInTray: false,
      trayNoticeShown: true,
    });
  });

  it('takes a file that is not JSON as nothing saved, and says so', async () => {
    folder = await mkdtemp(join(tmpdir(), 'flarenet-window-'));
    const path = join(folder, 'window-state.json');
    await writeFile(path, '{"bounds":');
    const lines: string[] = [];
    expect(await new WindowStateFile(path, (line) => lines.push(line)).read()).toBeNull();
    expect(lines).toEqual([`Window state: ${path} is not JSON; the window opens at its default size.`]);
    expect(await readFile(path, 'utf8')).toBe('{"bounds":');
  });
});
