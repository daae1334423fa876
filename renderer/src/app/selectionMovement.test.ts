import { describe, expect, it } from 'vitest';
import { moveSelection } from './selectionMovement';

const keys = Array.from({ length: 25 }, (_, index) => `service-${index}`);

describe('selection movement', () => {
  it('steps one service at a time and stops at the ends', () => {
    expect(moveSelection(keys, 'service-3', 'next')).toBe('service-4');
    expect(moveSelection(keys, 'service-3', 'previous')).toBe('service-2');
    expect(moveSelection(keys, 'service-24', 'next')).toBe('service-24');
    expect(moveSelection(keys, 'service-0', 'previous')).toBe('service-0');
  });

  it('starts from the end in the direction of travel when nothing shown is selected', () => {
    expect(moveSelection(keys, null, 'next')).toBe('service-0');
    expect(moveSelection(keys, null, 'previous')).toBe('service-24');
    expect(moveSelection(keys, 'filtered-out', 'next')).toBe('service-0');
    expect(moveSelection(keys, 'filtered-out', 'previous')).toBe('service-24');
  });

  it('jumps to the ends and by pages', () => {
    expect(moveSelection(keys, 'service-7', 'first')).toBe('service-0');
    expect(moveSelection(keys, 'service-7', 'last')).toBe('service-24');
    expect(moveSelection(keys, 'service-7', 'page-down')).toBe('service-17');
    expect(moveSelection(keys, 'service-20', 'page-down')).toBe('service-24');
    expect(moveSelection(keys, 'service-7', 'page-up')).toBe('service-0');
  });

  it('keeps the selection when there is nothing to move through', () => {
    expect(moveSelection([], 'service-3', 'next')).toBe('service-3');
    expect(moveSelection([], null, 'next')).toBeNull();
  });
});
