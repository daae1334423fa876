import { useEffect, useRef, useState } from 'react';
import type { DesktopCommand } from '../../../shared/ipc/desktop';
import { useDesktopCommand } from './desktopCommands';
import { LocalTime } from './LocalTime';
import './copyText.css';

/** How long "Copied" stays up. */
const confirmationMs = 6_000;

/**
 * "Copy as text": a view's plain-text snapshot onto the clipboard, for an incident channel.
 * Where the clipboard is refused (a permission policy, an old browser), the text opens in a
 * dialog, selected, to be copied by hand.
 */
export function CopyTextButton({
  snapshot,
  disabled,
  what,
  title,
  testId,
  desktopCommand,
}: {
  snapshot: () => string;
  disabled: boolean;
  /** What is copied, for the fallback dialog's title: "the topology". */
  what: string;
  title: string;
  testId: string;
  /** The desktop app's menu item that does what this button does, if any. */
  desktopCommand?: DesktopCommand;
}) {
  const [copiedAt, setCopiedAt] = useState<number | null>(null);
  const [fallback, setFallback] = useState<{ text: string; why: string } | null>(null);

  useEffect(() => {
    if (copiedAt === null) return;
    const timer = setTimeout(() => setCopiedAt(null), confirmationMs);
    return () => clearTimeout(timer);
  }, [copiedAt]);

  const copy = async () => {
    const text = snapshot();
    try {
      if (!navigator.clipboard) throw new Error('this page has no clipboard access');
      await navigator.clipboard.writeText(text);
      setCopiedAt(Date.now());
    } catch (error) {
      setFallback({ text, why: error instanceof Error ? error.message : String(error) });
    }
  };

  useDesktopCommand(
    desktopCommand ?? 'copy-topology',
    disabled || !desktopCommand ? null : () => void copy(),
  );

  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => void copy()}
        disabled={disabled}
        data-testid={testId}
        title={title}
      >
        Copy as text
      </button>
      <span className="copy-status ok-text" role="status" data-testid="copy-status">
        {copiedAt !== null && (
          <>
            ✓ Copied at <LocalTime at={copiedAt} />
          </>
        )}
      </span>
      {fallback && <CopyFallbackDialog {...fallback} what={what} onClose={() => setFallback(null)} />}
    </>
  );
}

function CopyFallbackDialog({
  text,
  why,
  what,
  onClose,
}: {
  text: string;
  why: string;
  what: string;
  onClose: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    textRef.current?.focus();
    textRef.current?.select();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className="copy-fallback"
      data-testid="copy-fallback"
      aria-labelledby="copy-fallback-title"
      onClose={onClose}
    >
      <h2 id="copy-fallback-title">Copy {what}</h2>
      <p className="muted">
        The clipboard could not be written ({why}). The text is selected below: press <kbd>Ctrl</kbd>+
        <kbd>C</kbd> (<kbd>⌘</kbd>
        <kbd>C</kbd> on a Mac) to copy it.
      </p>
      <textarea ref={textRef} readOnly value={text} rows={24} spellCheck={false} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
