import { describe, expect, it } from 'vitest';
import type { KeyTarget } from './tableKeyboard';
import { chordTimeoutMs, viewShortcut, type ViewShortcutState } from './viewShortcuts';
import { hashForView, queryFromHash, viewFromHash } from './views';

function run(keys: readonly (string | [string, number])[], target: KeyTarget = 'page'): (string | null)[] {
  let state: ViewShortcutState = { pendingSince: null };
  let at = 1_000;
  return keys.map((entry) => {
    const [key, gap] = typeof entry === 'string' ? [entry, 100] : entry;
    at += gap;
    const result = viewShortcut(state, { key, ctrlKey: false, metaKey: false, altKey: false, target, at });
    state = result.state;
    return result.view;
  });
}

describe('view shortcuts', () => {
  it('switches with g then the view letter, and with the view digit', () => {
    expect(run(['g', 'l'])).toEqual([null, 'lag']);
    expect(run(['g', 's'])).toEqual([null, 'services']);
    expect(run(['g', 't'])).toEqual([null, 'topology']);
    expect(run(['3', '2', '1'])).toEqual(['lag', 'services', 'topology']);
    expect(run(['9'])).toEqual([null]);
  });

  it('forgets a g after a pause, and after a key that names no view', () => {
    expect(run(['g', ['l', chordTimeoutMs + 1]])).toEqual([null, null]);
    expect(run(['g', 'j', 'l'])).toEqual([null, null, null]);
  });

  it('takes nothing typed into a field, and no digit from a button', () => {
    expect(run(['g', 'l', '2'], 'text-field')).toEqual([null, null, null]);
    expect(run(['g', 'l', '2'], 'filter')).toEqual([null, null, null]);
    expect(run(['2'], 'control')).toEqual([null]);
    expect(run(['g', 'l'], 'control')).toEqual([null, 'lag']);
  });

  it('ignores keys pressed with a modifier', () => {
    const result = viewShortcut(
      { pendingSince: 0 },
      { key: 'l', ctrlKey: true, metaKey: false, altKey: false, target: 'page', at: 10 },
    );
    expect(result.view).toBeNull();
  });
});

describe('view routes', () => {
  it('reads the view from the hash, falling back to the topology', () => {
    expect(viewFromHash('#/lag')).toBe('lag');
    expect(viewFromHash('#lag')).toBe('lag');
    expect(viewFromHash('#/lag/something-later')).toBe('lag');
    expect(viewFromHash('#/services')).toBe('services');
    expect(viewFromHash('')).toBe('topology');
    expect(viewFromHash('#/nowhere')).toBe('topology');
    expect(viewFromHash(hashForView('lag'))).toBe('lag');
  });

  it("keeps a view's settings after ? in the hash", () => {
    const hash = hashForView(
      'logs',
      new URLSearchParams({ cluster: 'flarenet-production', service: 'payment-service' }),
    );
    expect(hash).toBe('#/logs?cluster=flarenet-production&service=payment-service');
    expect(viewFromHash(hash)).toBe('logs');
    expect(queryFromHash(hash).get('service')).toBe('payment-service');
    expect(queryFromHash('#/logs').toString()).toBe('');
    expect(hashForView('logs', new URLSearchParams())).toBe('#/logs');
  });
});
