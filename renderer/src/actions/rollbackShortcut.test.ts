import { describe, expect, it } from 'vitest';
import { opensRollback, type RollbackKeyPress } from './rollbackShortcut';

const press = (overrides: Partial<RollbackKeyPress> = {}): RollbackKeyPress => ({
  key: 'r',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  repeat: false,
  target: 'page',
  dialogOpen: false,
  hasSelection: true,
  ...overrides,
});

describe('the rollback key', () => {
  it('opens the plan of the selected service from the table or a button', () => {
    expect(opensRollback(press())).toBe(true);
    expect(opensRollback(press({ target: 'control' }))).toBe(true);
  });

  it('leaves typing, reloads, held keys, open dialogs and empty selections alone', () => {
    expect(opensRollback(press({ target: 'filter' }))).toBe(false);
    expect(opensRollback(press({ target: 'text-field' }))).toBe(false);
    expect(opensRollback(press({ ctrlKey: true }))).toBe(false);
    expect(opensRollback(press({ metaKey: true }))).toBe(false);
    expect(opensRollback(press({ repeat: true }))).toBe(false);
    expect(opensRollback(press({ dialogOpen: true }))).toBe(false);
    expect(opensRollback(press({ hasSelection: false }))).toBe(false);
    expect(opensRollback(press({ key: 'R' }))).toBe(false);
  });
});
