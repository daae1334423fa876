import type { ConsoleTransport } from '../../../shared/ipc/client';
import type { FlarenetBridge } from '../../../shared/ipc/bridge';
import { createElectronTransport } from './electronTransport';
import { checkHostToken, consoleHostSocketUrl, createWebSocketTransport } from './webSocketTransport';

const tokenStorageKey = 'flarenet.hostToken';

export type TransportChoice = { transport: ConsoleTransport } | { error: string };

/**
 * Picks how this page reaches main: the preload bridge inside Electron, otherwise the
 * console host's WebSocket with the token from the launch URL. The token is moved from the
 * address bar into session storage, so it is not left in screenshots or shared links but a
 * reload of a wall screen still works.
 */
export function chooseTransport(win: Window & { flarenet?: FlarenetBridge }): TransportChoice {
  if (win.flarenet) return { transport: createElectronTransport(win.flarenet) };

  const url = new URL(win.location.href);
  const tokenFromUrl = url.searchParams.get('token');
  if (tokenFromUrl) {
    win.sessionStorage.setItem(tokenStorageKey, tokenFromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  const token = tokenFromUrl ?? win.sessionStorage.getItem(tokenStorageKey);
  if (!token) {
    return {
      error:
        "This page needs the console host's launch token. Open the full URL the host printed (it ends in ?token=…).",
    };
  }
  return {
    transport: createWebSocketTransport({
      url: consoleHostSocketUrl(win.location, token),
      checkToken: () => checkHostToken(token),
    }),
  };
}
