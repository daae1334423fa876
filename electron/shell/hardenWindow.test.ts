import { describe, expect, it } from 'vitest';
import { FakeWebContents } from '../testing/electronFakes';
import { hardenWindow } from './hardenWindow';

const appUrl = 'file:///opt/flarenet/renderer/index.html';
const isAppUrl = (url: string) => url.startsWith('file:///opt/flarenet/renderer/');

function hardened(): { contents: FakeWebContents; opened: string[] } {
  const contents = new FakeWebContents(appUrl);
  const opened: string[] = [];
  hardenWindow(contents, isAppUrl, {
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
  });
  return { contents, opened };
}

describe('hardenWindow', () => {
  it('denies window.open and opens an https link in the browser instead', () => {
    const { contents, opened } = hardened();
    expect(contents.openWindow('https://runbooks.example.com/payments')).toBe('deny');
    expect(opened).toEqual(['https://runbooks.example.com/payments']);
  });

  it('denies window.open of the app itself, a file or a script without opening anything', () => {
    const { contents, opened } = hardened();
    for (const url of [appUrl, 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect(contents.openWindow(url)).toBe('deny');
    }
    expect(opened).toEqual([]);
  });

  it('lets the page move within the app', () => {
    const { contents, opened } = hardened();
    expect(contents.tryNavigate(`${appUrl}#/lag`)).toBe(true);
    expect(contents.tryRedirect(`${appUrl}?recovered=crashed`)).toBe(true);
    expect(opened).toEqual([]);
  });

  it('blocks navigation away from the app and opens http(s) links externally', () => {
    const { contents, opened } = hardened();
    expect(contents.tryNavigate('http://grafana.internal/d/payments')).toBe(false);
    expect(contents.tryNavigate('https://example.com/')).toBe(false);
    expect(opened).toEqual(['http://grafana.internal/d/payments', 'https://example.com/']);
  });

  it('blocks navigation to any other scheme and opens nothing for it', () => {
    const { contents, opened } = hardened();
    for (const url of ['file:///home/ops/.aws/credentials', 'ssh://bastion', 'mailto:oncall@example.com']) {
      expect(contents.tryNavigate(url)).toBe(false);
    }
    expect(opened).toEqual([]);
  });

  it('blocks a redirect away from the app without opening it', () => {
    const { contents, opened } = hardened();
    expect(contents.tryRedirect('https://example.com/')).toBe(false);
    expect(opened).toEqual([]);
  });

  it('refuses to attach a webview', () => {
    expect(hardened().contents.tryAttachWebview()).toBe(false);
  });

  it('denies every permission request except writing to the clipboard', async () => {
    const { contents } = hardened();
    for (const permission of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'midi',
      'hid',
      'serial',
      'usb',
      'unknown',
    ]) {
      expect(await contents.requestPermission(permission)).toBe(false);
      expect(contents.checkPermission(permission)).toBe(false);
    }
    expect(await contents.requestPermission('clipboard-sanitized-write')).toBe(true);
    expect(contents.checkPermission('clipboard-sanitized-write')).toBe(true);
  });
});
