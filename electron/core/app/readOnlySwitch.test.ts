import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsPolicy } from '../../../shared/ipc/actions';
import { appInfoChanges, type AppInfo } from '../../../shared/ipc/app';
import type { ConsoleClient } from '../../../shared/ipc/client';
import { sandboxRunScenario } from '../../../shared/ipc/sandbox';
import { startCoreOnSandbox, type CoreOnSandbox } from '../../testing/coreOnSandbox';
import type { ConsoleCore } from './consoleCore';

/** The desktop app's read-only mode, turned while the console runs on its sandbox. */

let onSandbox: CoreOnSandbox;
let core: ConsoleCore;
let client: ConsoleClient;
let stopFollowing: () => void;
const infoEvents: AppInfo[] = [];

beforeAll(async () => {
  onSandbox = await startCoreOnSandbox({ shell: 'electron', seed: 5 });
  ({ core, client } = onSandbox);
  stopFollowing = client.subscribe(appInfoChanges, {}, (info) => infoEvents.push(info));
});

afterAll(async () => {
  stopFollowing?.();
  await onSandbox?.close();
});

const throttle = () => client.invoke(sandboxRunScenario, { kind: 'throttle', seconds: 1 });

describe('the console-wide read-only switch', () => {
  it('refuses every action while on, tells pages and the action policy why, and lets them run once off', async () => {
    expect(await throttle()).toMatchObject({ ok: true });

    core.setReadOnly('read-only mode is on');
    const refused = await throttle();
    expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(refused.ok ? '' : refused.error.message).toContain('read-only mode is on');
    expect(infoEvents.at(-1)).toMatchObject({ readOnly: true, readOnlyReason: 'read-only mode is on' });
    expect(core.info.readOnly).toBe(true);
    const policy = await client.request(actionsPolicy, {});
    expect(policy).toMatchObject({ readOnly: true, readOnlyReason: 'read-only mode is on' });
    expect(policy.environments.every((environment) => environment.reason === 'read-only mode is on')).toBe(
      true,
    );

    core.setReadOnly(null);
    expect(await throttle()).toMatchObject({ ok: true });
    expect(infoEvents.at(-1)).toMatchObject({ readOnly: false, readOnlyReason: null });
    expect(await client.request(actionsPolicy, {})).toMatchObject({ readOnly: false });
  });
});
