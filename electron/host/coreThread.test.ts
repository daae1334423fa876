import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreThread, type CoreThread } from './coreThread';
import type { CoreThreadOptions } from './coreThreadMessages';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-core-thread-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const options = (extra: Partial<CoreThreadOptions> = {}): CoreThreadOptions => ({
  shell: 'browser',
  dataDir,
  version: '0.0.0-test',
  readOnlyReason: 'read-only in this test',
  sandbox: { seed: 7 },
  ...extra,
});

/** Sends one text message in a new session and resolves with the replies until `done` says so. */
function exchange(core: CoreThread, text: string, done: (replies: unknown[]) => boolean): Promise<unknown[]> {
  return new Promise((resolve) => {
    const replies: unknown[] = [];
    const session = core.sessions.openSession((reply) => {
      replies.push(JSON.parse(reply));
      if (done(replies)) {
        session.close();
        resolve(replies);
      }
    });
    session.receive(text);
  });
}

describe('the console core in its own thread', () => {
  it('answers sessions over text, streams included, and stops when closed', async () => {
    const crashes: Error[] = [];
    const logged: string[] = [];
    const core = await startCoreThread(options(), {
      log: (line) => logged.push(line),
      crashed: (error) => crashes.push(error),
    });
    try {
      expect(core.info).toMatchObject({ source: 'sandbox', shell: 'browser', readOnly: true });
      // The core's log comes through the host's thread: it says the sandbox is what runs.
      expect(logged.join('\n')).toMatch(/running on a FlareNet sandbox/);

      const [info] = await exchange(
        core,
        JSON.stringify({ type: 'invoke', id: 1, channel: 'app.getInfo', payload: {} }),
        (replies) => replies.length === 1,
      );
      expect(info).toMatchObject({
        type: 'result',
        id: 1,
        result: { ok: true, value: { source: 'sandbox' } },
      });

      const [snapshot] = await exchange(
        core,
        JSON.stringify({ type: 'subscribe', id: 2, channel: 'fleet.updates', params: {} }),
        (replies) => replies.length === 1,
      );
      expect(snapshot).toMatchObject({ type: 'event', id: 2, event: { type: 'snapshot' } });

      const [refusal] = await exchange(core, 'not json', (replies) => replies.length === 1);
      expect(refusal).toMatchObject({
        type: 'protocol-error',
        error: { code: 'VALIDATION', message: 'A console message must be JSON.' },
      });
    } finally {
      await core.close();
    }
    expect(crashes).toEqual([]);
  });

  it('says why when the named config cannot be used, and never falls back to the sandbox', async () => {
    const missing = join(dataDir, 'no-such-config.json');
    const core = await startCoreThread(options({ configPath: missing }), {
      log: () => undefined,
      crashed: () => undefined,
    });
    try {
      expect(core.info.configError).toMatch(/no-such-config\.json does not exist/);
      expect(core.info.source).not.toBe('sandbox');
    } finally {
      await core.close();
    }
  });
});
