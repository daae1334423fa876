import type { ReactNode } from 'react';
import './detailPanel.css';

/**
 * The side panel a table opens on its selected row: a header with the row's heading and a
 * close button (Esc closes it too, by the view's shortcuts), then the body — or, when the
 * row has left the live data while open, a line that says so.
 */
export function DetailPanelFrame({
  testId,
  label,
  heading,
  onClose,
  missingText,
  children,
}: {
  testId: string;
  /** What the panel is, for screen readers. */
  label: string;
  heading: ReactNode;
  onClose: () => void;
  missingText: string;
  /** The body; null when the row is gone. */
  children: ReactNode | null;
}) {
  return (
    <aside className="detail-panel" data-testid={testId} aria-label={label}>
      <header className="detail-header">
        {heading}
        <button type="button" className="button close-button" onClick={onClose} title="Close details (Esc)">
          Close <kbd>Esc</kbd>
        </button>
      </header>
      {children ?? <p className="detail-message">{missingText}</p>}
    </aside>
  );
}
