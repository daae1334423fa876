import { auditExport, auditList } from '../../../shared/ipc/audit';
import type { IpcRouter } from '../ipc/router';
import { exportAuditLog, type ExportFolders } from './auditExport';
import type { AuditLog } from './auditLog';

/** The audit view's side of the contract: pages of the log, and an export to a file main names. */
export function registerAuditHandlers(
  router: IpcRouter,
  options: { log: AuditLog; folders: ExportFolders; now?: () => number },
): void {
  const now = options.now ?? Date.now;
  router.register(auditList, (request) => options.log.list(request));
  router.register(auditExport, (request) =>
    exportAuditLog(options.log, options.folders, request, new Date(now())),
  );
}
