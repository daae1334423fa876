import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from '../testing/electronFakes';
import { recoverRenderer } from './rendererRecovery';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recovering() {
  const win = new FakeBrowserWindow({ x: 0, y: 0, width: 1440, height: 900 });
  const lines: string[] = [];
  const notices: string[] = [];
  recoverRenderer(win, {
    log: (line) => lines.push(line),
    notice: (text) => notices.push(text),
    hungMs: 10_000,
  });
  return { win, contents: win.webContents, lines, notices };
}

describe('recoverRenderer', () => {
  it('reloads a page whose process crashed, and the page says so', () => {
    const { contents, lines, notices } = recovering();
    contents.processGone('crashed', 139);
    vi.runOnlyPendingTimers();
    expect(contents.reloads).toBe(1);
    expect(notices).toEqual(['The page stopped (its process crashed, exit code 139) and was reloaded.']);
    expect(lines).toEqual(['The console page stopped (its process crashed, exit code 139); reloading it.']);
  });

  it('reloads after an out-of-memory kill too, but not after a clean exit', () => {
    const { contents, notices } = recovering();
    contents.processGone('clean-exit', 0);
    vi.runAllTimers();
    expect(contents.reloads).toBe(0);
    contents.processGone('oom', -536870904);
    vi.runAllTimers();
    expect(contents.reloads).toBe(1);
    expect(notices[0]).toContain('ran out of memory');
  });

  it('reloads a page hung for longer than it is given, ending its process first', () => {
    const { win, contents, notices } = recovering();
    win.hang();
    vi.advanceTimersByTime(9_999);
    expect(contents.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(contents.reloads).toBe(1);
    // The kill reports the process gone; that is the same recovery, not a second one.
    expect(notices).toEqual(['The page stopped responding for 10 s and was reloaded.']);
  });

  it('leaves a page alone that answers again in time', () => {
    const { win, contents, notices } = recovering();
    win.hang();
    vi.advanceTimersByTime(5_000);
    win.answerAgain();
    vi.runAllTimers();
    expect(contents.reloads).toBe(0);
    expect(notices).toEqual([]);
  });

  it('pauses longer between reloads of a page that keeps dying, and never gives up', () => {
    const { contents, lines } = recovering();
    const crashAndRecover = () => {
      contents.processGone('crashed', 139);
      vi.runAllTimers();
    };
    for (let crash = 0; crash < 5; crash++) crashAndRecover();
    expect(contents.reloads).toBe(5);
    expect(lines.map((line) => line.replace(/.*reloading it/, ''))).toEqual([
      '.',
      ' in 5 s.',
      ' in 30 s.',
      ' in 60 s.',
      ' in 60 s.',
    ]);
    // A page that then lives a while starts over with an immediate reload.
    vi.advanceTimersByTime(61_000);
    contents.processGone('crashed', 139);
    expect(lines.at(-1)).toMatch(/reloading it\.$/);
  });

  it('does not reload a window that is gone', () => {
    const { contents } = recovering();
    contents.processGone('crashed', 139);
    contents.destroy();
    vi.runAllTimers();
    expect(contents.reloads).toBe(0);
  });
});
