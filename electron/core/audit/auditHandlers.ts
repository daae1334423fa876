import type { AuditEntry } from '../../../shared/actions/actionModel';
import { auditExport, auditList } from '../../../shared/ipc/audit';
import type { IpcRouter } from '../ipc/router';
import { exportAuditLog, type ExportFolders } from './auditExport';
import type { AuditLog } from './auditLog';

/**
 * The audit view's side of the contract: pages of the log — this source's entries, or
 * those of other sources (and of none recorded) when asked — and an export of the whole log
 * to a file main names.
 */
export function registerAuditHandlers(
  router: IpcRouter,
  options: {
    log: AuditLog;
    folders: ExportFolders;
    /** Which entries are this source's own; without it, every entry is. */
    scope?: () => Promise<(entry: AuditEntry) => boolean>;
    now?: () => number;
  },
): void {
  const now = options.now ?? Date.now;
  router.register(auditList, async (request) => {
    const ours = options.scope ? await options.scope() : () => true;
    const accept = request.source === 'other' ? (entry: AuditEntry) => !ours(entry) : ours;
    return options.log.list({ ...request, accept });
  });
  router.register(auditExport, (request) =>
    exportAuditLog(options.log, options.folders, request, new Date(now())),
  );
}
