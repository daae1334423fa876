import type { KeyTarget } from '../app/tableKeyboard';

export interface RollbackKeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat: boolean;
  target: KeyTarget;
  /** A dialog is open: its keys are its own. */
  dialogOpen: boolean;
  /** A service is selected and shown. */
  hasSelection: boolean;
}

/**
 * `r` on a selected service opens its rollback plan. Never from a field being typed in,
 * never held down (one plan per press), never with a modifier (Ctrl-R reloads).
 */
export function opensRollback(press: RollbackKeyPress): boolean {
  if (press.key !== 'r' || press.ctrlKey || press.metaKey || press.altKey || press.repeat) return false;
  if (press.target === 'text-field' || press.target === 'filter') return false;
  return !press.dialogOpen && press.hasSelection;
}
