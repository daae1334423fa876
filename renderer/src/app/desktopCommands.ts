import { useEffect } from 'react';
import type { DesktopCommand } from '../../../shared/ipc/desktop';

/**
 * The menu commands that a part of one view carries out (copy the topology, export the audit
 * log). The page goes to that view first; a command that arrives before its part is on the
 * page, or while it cannot act (no topology drawn yet), waits for it and runs once it can.
 */
export class DesktopCommandBus {
  private readonly handlers = new Map<DesktopCommand, () => void>();
  private readonly waiting = new Set<DesktopCommand>();

  run(command: DesktopCommand): void {
    const handler = this.handlers.get(command);
    if (handler) handler();
    else this.waiting.add(command);
  }

  /** Carries out `command` from now on (and at once if it is waiting); returns the undo. */
  register(command: DesktopCommand, handler: () => void): () => void {
    this.handlers.set(command, handler);
    if (this.waiting.delete(command)) handler();
    return () => {
      if (this.handlers.get(command) === handler) this.handlers.delete(command);
    };
  }
}

/** The page's one bus: the menu's commands come from the desktop app, one page at a time. */
export const desktopCommandBus = new DesktopCommandBus();

/** Carries out a menu command while this component is on the page; `handler` null means "not now". */
export function useDesktopCommand(command: DesktopCommand, handler: (() => void) | null): void {
  useEffect(() => (handler ? desktopCommandBus.register(command, handler) : undefined), [command, handler]);
}
