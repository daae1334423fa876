/**
 * The theme the user picked: the system's (the default), or light or dark whatever the
 * system says — a wall screen in a bright room, a laptop at night. Kept in the browser's
 * storage, so each screen keeps its own.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const themeChoices: readonly { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System theme' },
  { value: 'light', label: 'Light theme' },
  { value: 'dark', label: 'Dark theme' },
];

const storageKey = 'flarenet.theme';

interface ThemeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function storedThemeChoice(storage: ThemeStorage): ThemeChoice {
  let stored: string | null = null;
  try {
    stored = storage.getItem(storageKey);
  } catch {
    // Storage refused (a locked-down profile): the system's theme, as if nothing was chosen.
  }
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Shows the choice at once and keeps it for the next start. */
export function applyThemeChoice(choice: ThemeChoice, root: HTMLElement, storage: ThemeStorage): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    storage.setItem(storageKey, choice);
  } catch {
    // Not kept across starts, but shown now: nothing the user can act on.
  }
}
