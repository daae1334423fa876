import { useDeferredValue, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { AppInfo } from '../../../shared/ipc/app';
import { describeError } from '../app/errorText';
import { OverlayFrame } from './OverlayFrame';
import { paletteKindLabels, searchPalette, type PaletteEntry } from './paletteSearch';
import { usePaletteEntries } from './usePaletteEntries';

/**
 * Ctrl-K (⌘K on a Mac): one box to reach any view, service, consumer group, action or
 * sandbox scenario by typing part of its name. Enter runs the highlighted entry; an action
 * that fails keeps the palette open and says why.
 */
export function CommandPalette({ info, onClose }: { info: AppInfo | undefined; onClose: () => void }) {
  const entries = usePaletteEntries(info);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const found = searchPalette(entries, deferredQuery);
  const [active, setActive] = useState(0);
  const [outcome, setOutcome] = useState<{ kind: 'running' | 'done' | 'error'; text: string } | null>(null);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const activeIndex = Math.min(active, Math.max(0, found.length - 1));

  const choose = (entry: PaletteEntry | undefined) => {
    if (!entry || outcome?.kind === 'running') return;
    if (entry.disabledReason) {
      setOutcome({ kind: 'error', text: entry.disabledReason });
      return;
    }
    const result = entry.run();
    if (!(result instanceof Promise)) {
      onClose();
      return;
    }
    setOutcome({ kind: 'running', text: `${entry.title}…` });
    result.then(
      (text) => setOutcome({ kind: 'done', text: text ?? `${entry.title}: done.` }),
      (error: unknown) =>
        setOutcome({ kind: 'error', text: `${entry.title} failed: ${describeError(error)}` }),
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      // The palette takes this Esc; the page would otherwise close the panel behind it.
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + found.length) % Math.max(1, found.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // What was typed counts, even when the list on screen has not caught up with it yet.
      choose(deferredQuery === query ? found[activeIndex] : searchPalette(entries, query)[0]);
    }
  };

  return (
    <OverlayFrame
      label="Command palette"
      testId="command-palette"
      className="palette"
      focus={inputRef}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <input
        ref={inputRef}
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={found[activeIndex] ? optionId(listId, activeIndex) : undefined}
        aria-label="Go to a view, service or group, or run an action"
        placeholder="Go to a view, service or group, or run an action…"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          if (outcome?.kind !== 'running') setOutcome(null);
        }}
      />
      <ul className="palette-list" id={listId} role="listbox" aria-label="Matches">
        {found.map((entry, index) => (
          <li
            key={entry.id}
            id={optionId(listId, index)}
            role="option"
            aria-selected={index === activeIndex}
            aria-disabled={entry.disabledReason ? true : undefined}
            className={`palette-option${index === activeIndex ? ' active' : ''}`}
            data-testid="palette-option"
            title={entry.disabledReason}
            onMouseMove={() => setActive(index)}
            onClick={() => choose(entry)}
          >
            <span className="palette-kind">{paletteKindLabels[entry.kind]}</span>
            <span className="palette-title">{entry.title}</span>
            <span className="palette-detail muted">{entry.detail}</span>
          </li>
        ))}
      </ul>
      {found.length === 0 && <p className="palette-empty muted">Nothing matches “{deferredQuery}”.</p>}
      {outcome && (
        <p
          className={`palette-outcome${outcome.kind === 'error' ? ' error-text' : ''}`}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
          data-testid="palette-outcome"
        >
          {outcome.text}
        </p>
      )}
      <p className="palette-hint muted small">
        <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> go · <kbd>Esc</kbd> close
      </p>
    </OverlayFrame>
  );
}

function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}
