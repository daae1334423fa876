import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditExport, auditList } from '../../../shared/ipc/audit';
import { ConsoleClient } from '../../../shared/ipc/client';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import { registerAuditHandlers } from './auditHandlers';
import { AuditLog, auditLogPath } from './auditLog';
import { testEntry } from '../../testing/auditTestEntries';

let root: string;
let dataDir: string;
let downloads: string;
let log: AuditLog;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'flarenet-audit-handlers-'));
  dataDir = join(root, 'data');
  downloads = join(root, 'Downloads');
  await mkdir(downloads, { recursive: true });
  log = new AuditLog(auditLogPath(dataDir));
  await log.append(testEntry({ id: 'a', service: 'payment-service' }));
  await log.append(testEntry({ id: 'b', service: 'order-service' }));
  await log.append(testEntry({ id: 'c', service: 'payment-service', type: 'end', outcome: 'succeeded' }));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function client(folders: { dataDir: string; downloads: string | null }) {
  const router = new IpcRouter();
  registerAuditHandlers(router, { log, folders, now: () => Date.UTC(2025, 5, 2, 9, 30, 0) });
  return { router, client: new ConsoleClient(createMemoryTransport(router).transport) };
}

describe('the audit channels', () => {
  it('lists the log newest first, filtered by service, with the default page size', async () => {
    const { client: audit } = client({ dataDir, downloads });
    const page = await audit.request(auditList, { service: 'payment-service' });
    expect(page.records.map((record) => [record.line, record.entry.id])).toEqual([
      [3, 'c'],
      [1, 'a'],
    ]);
    expect(page).toMatchObject({ nextBefore: null, problems: [] });
  });

  it('lists this source’s entries unless asked for the others, which include entries of no known source', async () => {
    await log.append(
      testEntry({ id: 'elsewhere', where: { ...testEntry().where!, account: '444455556666' } }),
    );
    await log.append(testEntry({ id: 'unplaced', where: null }));
    const router = new IpcRouter();
    registerAuditHandlers(router, {
      log,
      folders: { dataDir, downloads },
      scope: () => Promise.resolve((entry) => entry.where?.account === '111122223333'),
    });
    const audit = new ConsoleClient(createMemoryTransport(router).transport);
    const ids = async (source?: 'current' | 'other') =>
      (await audit.request(auditList, source ? { source } : {})).records.map((record) => record.entry.id);
    expect(await ids()).toEqual(['c', 'b', 'a']);
    expect(await ids('current')).toEqual(['c', 'b', 'a']);
    expect(await ids('other')).toEqual(['unplaced', 'elsewhere']);
  });

  it('exports a copy to a file main names, in the data folder or Downloads, never overwriting', async () => {
    const { client: audit } = client({ dataDir, downloads });
    const first = await audit.request(auditExport, {});
    expect(first.path).toBe(join(dataDir, 'exports', 'flarenet-audit-2025-06-02T09-30-00-000Z.jsonl'));
    expect(first.entries).toBe(3);
    const text = await readFile(first.path, 'utf8');
    expect(
      text
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { id: string }).id),
    ).toEqual(['a', 'b', 'c']);
    expect(first.bytes).toBe(Buffer.byteLength(text));

    const again = await audit.request(auditExport, { destination: 'data-folder' });
    expect(again.path).toBe(join(dataDir, 'exports', 'flarenet-audit-2025-06-02T09-30-00-000Z-1.jsonl'));
    expect(await readFile(first.path, 'utf8')).toBe(text);

    const toDownloads = await audit.request(auditExport, {
      destination: 'downloads',
      service: 'order-service',
    });
    expect(dirname(toDownloads.path)).toBe(downloads);
    expect(toDownloads.path).toMatch(/-order-service\.jsonl$/);
    expect(toDownloads.entries).toBe(1);
  });

  it('writes at most the exports an hour it is allowed, then says when the next is possible', async () => {
    let now = Date.UTC(2025, 5, 2, 9, 30, 0);
    const router = new IpcRouter();
    registerAuditHandlers(router, {
      log,
      folders: { dataDir, downloads },
      exportsPerHour: () => 2,
      now: () => now,
    });
    const audit = new ConsoleClient(createMemoryTransport(router).transport);
    await audit.request(auditExport, {});
    now += 10 * 60_000;
    await audit.request(auditExport, {});
    now += 10 * 60_000;
    const refused = await audit.invoke(auditExport, {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'THROTTLED' } });
    expect(refused.ok ? '' : refused.error.message).toContain('possible in 40 min');
    expect(await readdir(join(dataDir, 'exports'))).toHaveLength(2);
    now += 40 * 60_000;
    await audit.request(auditExport, {});
    expect(await readdir(join(dataDir, 'exports'))).toHaveLength(3);
  });

  it('takes no path from the renderer and refuses folders outside the allowlist', async () => {
    const { client: audit } = client({ dataDir, downloads: null });
    const withPath = await audit.invoke(auditExport, {
      destination: 'data-folder',
      path: '/etc/passwd',
    } as never);
    expect(withPath).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await audit.invoke(auditExport, { destination: 'downloads' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });

    // An exports folder that is a link elsewhere is judged by where it leads.
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(dataDir, 'exports'));
    expect(await audit.invoke(auditExport, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
