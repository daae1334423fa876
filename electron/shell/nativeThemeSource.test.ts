import { describe, expect, it } from 'vitest';
import { ConsoleClient } from '../../shared/ipc/client';
import { setThemeSource } from '../../shared/ipc/desktop';
import { IpcRouter } from '../core/ipc/router';
import { createMemoryTransport } from '../testing/memoryTransport';
import { registerThemeSource, type NativeTheme } from './nativeThemeSource';

describe('the theme of the desktop app’s own parts', () => {
  it('follows what the page chose, and refuses anything else', async () => {
    const nativeTheme: NativeTheme = { themeSource: 'system' };
    const router = new IpcRouter();
    registerThemeSource(router, nativeTheme);
    const client = new ConsoleClient(createMemoryTransport(router).transport);

    await client.request(setThemeSource, { source: 'light' });
    expect(nativeTheme.themeSource).toBe('light');
    await client.request(setThemeSource, { source: 'system' });
    expect(nativeTheme.themeSource).toBe('system');

    const refused = await client.invoke(setThemeSource, { source: 'purple' } as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(nativeTheme.themeSource).toBe('system');
  });
});
