import { useEffect, useState } from 'react';
import { setThemeSource } from '../../../shared/ipc/desktop';
import { applyThemeChoice, storedThemeChoice, themeChoices, type ThemeChoice } from '../theme/themeChoice';
import { useConsoleClient } from './consoleClientContext';
import { useAppInfo } from './useAppInfo';

/** System, light or dark: the page's look, kept for this screen, and the desktop app's menus and dialogs too. */
export function ThemePicker() {
  const client = useConsoleClient();
  const onDesktop = useAppInfo().data?.shell === 'electron';
  const [choice, setChoice] = useState<ThemeChoice>(() => storedThemeChoice(window.localStorage));

  useEffect(() => {
    // The page has its theme already; the app's native parts follow when they can.
    if (onDesktop) client.request(setThemeSource, { source: choice }).catch(() => undefined);
  }, [onDesktop, client, choice]);

  return (
    <select
      className="theme-picker"
      aria-label="Theme"
      title="Theme: the system's, or always light or dark"
      value={choice}
      data-testid="theme-picker"
      onChange={(event) => {
        const next = event.target.value as ThemeChoice;
        applyThemeChoice(next, document.documentElement, window.localStorage);
        setChoice(next);
      }}
    >
      {themeChoices.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
