import { useState } from 'react';
import { applyThemeChoice, storedThemeChoice, themeChoices, type ThemeChoice } from '../theme/themeChoice';

/** System, light or dark: the page's look, kept for this screen. */
export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(() => storedThemeChoice(window.localStorage));
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
