import { useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { shortcutGroups } from './shortcutList';
import './palette.css';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** `?`: every key the console answers, in one place. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => returnTo?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' && event.key !== '?') return;
    event.stopPropagation();
    event.preventDefault();
    onClose();
  };
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="palette shortcuts"
        role="dialog"
        aria-modal="true"
        aria-label="Keyboard shortcuts"
        data-testid="shortcuts-overlay"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <div className="shortcuts-head">
          <h2 className="caps-title">Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="button" onClick={onClose}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        {shortcutGroups(isMac).map((group) => (
          <section key={group.title}>
            <h3 className="caps-title">{group.title}</h3>
            <dl className="shortcut-list">
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.what} className="shortcut">
                  <dt>
                    {shortcut.keys.map((key, index) =>
                      key === 'or' ? (
                        <span key={index} className="muted">
                          {' '}
                          or{' '}
                        </span>
                      ) : (
                        <kbd key={index}>{key}</kbd>
                      ),
                    )}
                  </dt>
                  <dd>{shortcut.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </div>
  );
}
