import { Suspense, useState, type ReactNode } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { PartLoadError, type LazyPart } from './lazyPart';

/** Where the part is drawn: the whole view panel, the side panel beside a table, or a dialog over the page. */
type PanelShape = 'view' | 'detail' | 'dialog';

const sentenceStart = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/**
 * Draws a lazily loaded part in its place: a line saying what is loading while its code
 * arrives, and if it cannot arrive (the console host went away, or was restarted with a new
 * build whose chunks have other names) a message naming the part with a retry, so the rest of
 * the page goes on working. An error while drawing the part is shown in its place the same way.
 */
export function LazyPanel<Props>({
  part,
  shape,
  onClose,
  children,
}: {
  part: LazyPart<Props>;
  shape: PanelShape;
  /** How a dialog's place is closed while its code is not there to do it. */
  onClose?: () => void;
  children: (Part: LazyPart<Props>['component']) => ReactNode;
}) {
  const [attempt, setAttempt] = useState(0);
  // A new boundary draws the part again, which imports again after a failed load.
  const retry = () => setAttempt((count) => count + 1);
  return (
    <ErrorBoundary
      key={attempt}
      fallback={(error) => (
        <PanelPlace shape={shape} name={part.name} onClose={onClose}>
          <PartFailure name={part.name} error={error} onRetry={retry} />
        </PanelPlace>
      )}
    >
      <Suspense
        fallback={
          <PanelPlace shape={shape} name={part.name} onClose={onClose}>
            <p className="part-loading" role="status" data-testid="part-loading">
              Loading {part.name}…
            </p>
          </PanelPlace>
        }
      >
        {children(part.component)}
      </Suspense>
    </ErrorBoundary>
  );
}

function PanelPlace({
  shape,
  name,
  onClose,
  children,
}: {
  shape: PanelShape;
  name: string;
  onClose: (() => void) | undefined;
  children: ReactNode;
}) {
  if (shape === 'dialog') {
    return (
      <div className="part-dialog" role="dialog" aria-label={sentenceStart(name)}>
        {children}
        {onClose && (
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        )}
      </div>
    );
  }
  if (shape === 'detail') {
    return (
      <aside className="detail-panel" aria-label={sentenceStart(name)}>
        {children}
      </aside>
    );
  }
  return <div className="part-place">{children}</div>;
}

function PartFailure({ name, error, onRetry }: { name: string; error: Error; onRetry: () => void }) {
  const notLoaded = error instanceof PartLoadError;
  const reason = notLoaded && error.cause instanceof Error ? error.cause.message : error.message;
  return (
    <div className="part-failure" role="alert" data-testid="part-failure">
      <h2>
        {sentenceStart(name)} {notLoaded ? 'could not be loaded' : 'stopped drawing'}
      </h2>
      <pre className="crash-message">{reason}</pre>
      {notLoaded && (
        <p>
          If the console was restarted with a new version since this page opened, reload the page to get it.
        </p>
      )}
      <div className="crash-actions">
        <button type="button" className="button primary" onClick={onRetry}>
          Try again
        </button>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    </div>
  );
}
