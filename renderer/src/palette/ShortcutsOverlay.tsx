import { useRef, type KeyboardEvent } from 'react';
import { OverlayFrame } from './OverlayFrame';
import { shortcutGroups } from './shortcutList';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** `?`: every key the console answers, in one place. */
export function ShortcutsOverlay({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' && event.key !== '?') return;
    event.stopPropagation();
    event.preventDefault();
    onClose();
  };
  return (
    <OverlayFrame
      label="Keyboard shortcuts"
      testId="shortcuts-overlay"
      className="palette shortcuts"
      focus={closeRef}
      onClose={onClose}
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
    </OverlayFrame>
  );
}
