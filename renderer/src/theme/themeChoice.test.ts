import { describe, expect, it } from 'vitest';
import { applyThemeChoice, storedThemeChoice } from './themeChoice';

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe('the theme choice', () => {
  it('follows the system until the user picks a theme, and remembers the pick', () => {
    const storage = memoryStorage();
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    expect(storedThemeChoice(storage)).toBe('system');

    applyThemeChoice('light', root, storage);
    expect(root.dataset.theme).toBe('light');
    expect(storedThemeChoice(storage)).toBe('light');

    applyThemeChoice('system', root, storage);
    expect(root.dataset.theme).toBeUndefined();
    expect(storedThemeChoice(storage)).toBe('system');
  });

  it('reads anything else stored, or storage that refuses, as the system theme', () => {
    expect(storedThemeChoice(memoryStorage({ 'flarenet.theme': 'purple' }))).toBe('system');
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(storedThemeChoice(refusing)).toBe('system');
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    applyThemeChoice('dark', root, refusing);
    expect(root.dataset.theme).toBe('dark');
  });
});
