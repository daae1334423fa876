import { useRef, type KeyboardEvent } from 'react';
import { consoleViews, hashForView, type ConsoleView } from './views';

/** DOM id of the area that shows the current view, for the tabs' aria-controls. */
export const viewPanelId = 'console-view';

export function viewTabId(view: ConsoleView): string {
  return `view-tab-${view}`;
}

/**
 * The view switcher: links to each view's hash, marked up as tabs. Left and Right move
 * between tabs as the tab pattern expects; `g s`, `g l`, `1`, `2` work from anywhere.
 */
export function ViewTabs({
  view,
  onNavigate,
}: {
  view: ConsoleView;
  onNavigate: (view: ConsoleView) => void;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = consoleViews.findIndex((entry) => entry.id === view);
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = consoleViews[(index + step + consoleViews.length) % consoleViews.length];
    if (!next) return;
    onNavigate(next.id);
    listRef.current?.querySelector<HTMLElement>(`[data-view="${next.id}"]`)?.focus();
  };
  return (
    <div className="view-tabs" role="tablist" aria-label="Views" ref={listRef} onKeyDown={onKeyDown}>
      {consoleViews.map((entry, index) => {
        const selected = entry.id === view;
        return (
          <a
            key={entry.id}
            id={viewTabId(entry.id)}
            role="tab"
            href={hashForView(entry.id)}
            className={selected ? 'view-tab selected' : 'view-tab'}
            aria-selected={selected}
            aria-controls={viewPanelId}
            tabIndex={selected ? 0 : -1}
            data-view={entry.id}
            data-testid="view-tab"
            title={`${entry.label} (g ${entry.key} or ${index + 1})`}
          >
            {entry.label}
          </a>
        );
      })}
    </div>
  );
}
