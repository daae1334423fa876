import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, auditLogPath, parseAuditLog } from './auditLog';
import { testEntry } from '../../testing/auditTestEntries';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-audit-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the audit log', () => {
  it('appends one JSON line per entry, in the order asked, creating its folder', async () => {
    const log = new AuditLog(auditLogPath(dataDir));
    const entries = Array.from({ length: 20 }, (_, index) =>
      testEntry({ id: `e${index}`, actionId: `a${index % 4}` }),
    );
    await Promise.all(entries.map((entry) => log.append(entry)));
    const text = await readFile(join(dataDir, 'audit', 'audit-log.jsonl'), 'utf8');
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(
      entries.map((e) => e.id),
    );
    const { records, problems } = await log.read();
    expect(problems).toEqual([]);
    expect(records.map((record) => [record.line, record.entry])).toEqual(
      entries.map((entry, index) => [index + 1, entry]),
    );
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the trail owner-only, tightening a log and a folder an older version left readable',
    async () => {
      const path = auditLogPath(dataDir);
      const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
      await new AuditLog(path).append(testEntry({ id: 'first' }));
      expect(await modeOf(path)).toBe(0o600);
      expect(await modeOf(join(dataDir, 'audit'))).toBe(0o700);

      const older = await mkdtemp(join(tmpdir(), 'flarenet-audit-older-'));
      try {
        const olderPath = auditLogPath(older);
        await mkdir(join(older, 'audit'), { mode: 0o755 });
        await writeFile(olderPath, `${JSON.stringify(testEntry({ id: 'before' }))}\n`);
        await chmod(olderPath, 0o644);
        await chmod(join(older, 'audit'), 0o755);
        await new AuditLog(olderPath).append(testEntry({ id: 'after' }));
        expect(await modeOf(olderPath)).toBe(0o600);
        expect(await modeOf(join(older, 'audit'))).toBe(0o700);
        expect((await new AuditLog(olderPath).read()).records.map((record) => record.entry.id)).toEqual([
          'before',
          'after',
        ]);
      } finally {
        await rm(older, { recursive: true, force: true });
      }
    },
  );

  it('reads lines written before entries said where they acted, as of no known source', async () => {
    const path = auditLogPath(dataDir);
    const { where: _where, ...legacy } = testEntry({ id: 'legacy' });
    const log = new AuditLog(path);
    await log.append(testEntry({ id: 'first' }));
    await appendFile(path, `${JSON.stringify(legacy)}\n`);
    const { records, problems } = await log.read();
    expect(problems).toEqual([]);
    expect(records.map((record) => [record.entry.id, record.entry.where?.source ?? null])).toEqual([
      ['first', 'aws'],
      ['legacy', null],
    ]);
  });

  it('refuses an entry that does not match the schema before writing anything', async () => {
    const log = new AuditLog(auditLogPath(dataDir));
    await expect(log.append({ ...testEntry(), kind: 'deploy' as never })).rejects.toThrow();
    await log.append(testEntry({ id: 'after' }));
    expect((await log.read()).records.map((record) => record.entry.id)).toEqual(['after']);
  });

  it('reports and skips a torn last line, and the next append starts on a fresh line', async () => {
    const path = auditLogPath(dataDir);
    const problems: string[] = [];
    const log = new AuditLog(path, { onProblem: (problem) => problems.push(problem) });
    await log.append(testEntry({ id: 'one' }));
    await log.append(testEntry({ id: 'two', type: 'end', outcome: 'succeeded' }));
    const torn = JSON.stringify(testEntry({ id: 'three' })).slice(0, 57);
    await appendFile(path, torn);

    const reopened = new AuditLog(path, { onProblem: (problem) => problems.push(problem) });
    const before = await reopened.read();
    expect(before.records.map((record) => record.entry.id)).toEqual(['one', 'two']);
    expect(before.problems).toEqual([
      {
        line: 3,
        kind: 'torn-tail',
        bytes: 57,
        message: 'Line 3 of the audit log is cut short (57 bytes, a write torn by a crash); it is skipped.',
      },
    ]);

    await reopened.append(testEntry({ id: 'four' }));
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[2]).toBe(torn);
    expect((JSON.parse(text.split('\n')[3]!) as { id: string }).id).toBe('four');
    const after = await reopened.read();
    expect(after.records.map((record) => [record.line, record.entry.id])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [4, 'four'],
    ]);
    expect(after.problems).toEqual([expect.objectContaining({ line: 3, kind: 'damaged', bytes: 57 })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/ended in a torn line/);
  });

  it('reads garbage, blank lines and entries of another shape as problems, never as failures', () => {
    const good = JSON.stringify(testEntry({ id: 'good' }));
    const text = ['', 'not json', good, '{"v":2,"id":"future"}', '', good.replace('good', 'good2'), ''].join(
      '\n',
    );
    const { records, problems } = parseAuditLog(text);
    expect(records.map((record) => [record.line, record.entry.id])).toEqual([
      [3, 'good'],
      [6, 'good2'],
    ]);
    expect(problems.map((problem) => [problem.line, problem.kind])).toEqual([
      [2, 'damaged'],
      [4, 'damaged'],
    ]);
  });

  it('lists newest first, a page at a time, filtered by service and cluster', async () => {
    const log = new AuditLog(auditLogPath(dataDir));
    for (let index = 0; index < 7; index++)
      await log.append(
        testEntry({ id: `e${index}`, service: index % 2 === 0 ? 'payment-service' : 'order-service' }),
      );
    const first = await log.list({ service: 'payment-service', limit: 2 });
    expect(first.records.map((record) => record.entry.id)).toEqual(['e6', 'e4']);
    expect(first.nextBefore).toBe(5);
    const second = await log.list({ service: 'payment-service', limit: 2, before: first.nextBefore! });
    expect(second.records.map((record) => record.entry.id)).toEqual(['e2', 'e0']);
    expect(second.nextBefore).toBeNull();
    expect((await log.list({ cluster: 'elsewhere', limit: 10 })).records).toEqual([]);
    expect((await new AuditLog(join(dataDir, 'missing.jsonl')).list({ limit: 5 })).records).toEqual([]);
  });
});
