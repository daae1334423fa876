import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyPress } from './tableKeyboard';

function press(key: string, overrides: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: 'page',
    detailOpen: false,
    ...overrides,
  };
}

describe('table keyboard', () => {
  it('moves with the arrows and with j/k on the page', () => {
    expect(commandForKey(press('ArrowDown'))).toEqual({ kind: 'move', move: 'next' });
    expect(commandForKey(press('j'))).toEqual({ kind: 'move', move: 'next' });
    expect(commandForKey(press('ArrowUp'))).toEqual({ kind: 'move', move: 'previous' });
    expect(commandForKey(press('k'))).toEqual({ kind: 'move', move: 'previous' });
    expect(commandForKey(press('Home'))).toEqual({ kind: 'move', move: 'first' });
  });

  it('opens details with Enter, closes them with Esc, and focuses the filter with /', () => {
    expect(commandForKey(press('Enter'))).toEqual({ kind: 'open-detail' });
    expect(commandForKey(press('Escape', { detailOpen: true }))).toEqual({ kind: 'close-detail' });
    expect(commandForKey(press('Escape'))).toBeNull();
    expect(commandForKey(press('/'))).toEqual({ kind: 'focus-filter' });
  });

  it('leaves letters to the filter box but lets arrows, Enter and Esc drive the table from it', () => {
    expect(commandForKey(press('j', { target: 'filter' }))).toBeNull();
    expect(commandForKey(press('/', { target: 'filter' }))).toBeNull();
    expect(commandForKey(press('ArrowDown', { target: 'filter' }))).toEqual({ kind: 'move', move: 'next' });
    expect(commandForKey(press('Enter', { target: 'filter' }))).toEqual({ kind: 'open-detail' });
    expect(commandForKey(press('Escape', { target: 'filter' }))).toEqual({ kind: 'leave-filter' });
  });

  it('closes the open detail panel first when Esc is pressed in the filter: Esc goes back one level', () => {
    expect(commandForKey(press('Escape', { target: 'filter', detailOpen: true }))).toEqual({
      kind: 'close-detail',
    });
  });

  it('takes nothing from other text fields', () => {
    for (const key of ['j', 'k', '/', 'ArrowDown', 'Enter', 'Escape']) {
      expect(commandForKey(press(key, { target: 'text-field', detailOpen: true }))).toBeNull();
    }
  });

  it('leaves Enter and the arrows to buttons and selects', () => {
    expect(commandForKey(press('Enter', { target: 'control' }))).toBeNull();
    expect(commandForKey(press('ArrowDown', { target: 'control' }))).toBeNull();
    expect(commandForKey(press('Escape', { target: 'control', detailOpen: true }))).toEqual({
      kind: 'close-detail',
    });
  });

  it('ignores keys pressed with a modifier, which belong to the browser', () => {
    expect(commandForKey(press('k', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(press('ArrowDown', { altKey: true }))).toBeNull();
    expect(commandForKey(press('/', { metaKey: true }))).toBeNull();
  });
});
