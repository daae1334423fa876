import { setThemeSource } from '../../shared/ipc/desktop';
import type { IpcRouter } from '../core/ipc/router';

/** Electron's nativeTheme as the shell uses it; passed in, so tests need no Electron. */
export interface NativeTheme {
  themeSource: 'system' | 'light' | 'dark';
}

/** Lets the page's theme choice reach the app's native parts as well. */
export function registerThemeSource(router: IpcRouter, nativeTheme: NativeTheme): void {
  router.register(setThemeSource, ({ source }) => {
    nativeTheme.themeSource = source;
    return {};
  });
}
