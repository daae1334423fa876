import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { DesktopEvent } from '../../shared/ipc/desktop';
import { buildMenuTemplate } from './applicationMenu';

function menu(platform: NodeJS.Platform, isPackaged: boolean, tray = true) {
  const sent: DesktopEvent[] = [];
  const turned: boolean[] = [];
  const keptRunning: boolean[] = [];
  const template = buildMenuTemplate({
    platform,
    isPackaged,
    appName: 'FlareNet Console',
    send: (event) => sent.push(event),
    readOnly: { on: false, turn: (on) => turned.push(on) },
    keepRunningInTray: tray
      ? { label: 'Keep Running in Tray When Closed', on: true, turn: (on) => keptRunning.push(on) }
      : null,
  });
  return { template, sent, turned, keptRunning };
}

/** Every item of the menu, submenus included, in order. */
function items(template: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function itemLabelled(
  template: readonly MenuItemConstructorOptions[],
  label: string,
): MenuItemConstructorOptions {
  const item = items(template).find((candidate) => candidate.label === label);
  if (!item) throw new Error(`No menu item "${label}".`);
  return item;
}

function click(item: MenuItemConstructorOptions): void {
  // Electron passes the item, the window and the event; the console's commands use none of them.
  (item.click as () => void)();
}

const roles = (template: readonly MenuItemConstructorOptions[]) =>
  items(template).flatMap((item) => (item.role ? [item.role] : []));

describe('the application menu', () => {
  it('has the standard Edit and Window menus on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const topRoles = menu(platform, true).template.flatMap((item) => (item.role ? [item.role] : []));
      expect(topRoles).toEqual(['editMenu', 'windowMenu']);
    }
  });

  it('has the app menu on macOS only, named after the app, with Quit there', () => {
    const mac = menu('darwin', true).template;
    expect(mac[0]?.label).toBe('FlareNet Console');
    expect(roles(mac)).toEqual(
      expect.arrayContaining(['about', 'hide', 'hideOthers', 'unhide', 'quit', 'close']),
    );
    const linux = menu('linux', true).template;
    expect(linux.map((item) => item.label ?? item.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    expect(roles(linux)).toContain('quit');
    expect(roles(linux)).not.toContain('about');
  });

  it('leaves reload and the developer tools out of a packaged build', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const packaged = roles(menu(platform, true).template);
      for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(packaged).not.toContain(role);
      expect(roles(menu(platform, false).template)).toEqual(
        expect.arrayContaining(['forceReload', 'toggleDevTools']),
      );
    }
  });

  it('shows each view with the digit of its tab', () => {
    const { template, sent } = menu('linux', true);
    const views = ['Topology', 'Services', 'Lag', 'Logs', 'Timeline', 'Audit'].map((label) =>
      itemLabelled(template, label),
    );
    expect(views.map((item) => item.accelerator)).toEqual(
      ['1', '2', '3', '4', '5', '6'].map((digit) => `CmdOrCtrl+${digit}`),
    );
    for (const item of views) click(item);
    expect(sent).toEqual(
      ['topology', 'services', 'lag', 'logs', 'timeline', 'audit'].map((view) => ({
        type: 'show-view',
        view,
      })),
    );
  });

  it("sends the console's own commands to the page", () => {
    const { template, sent } = menu('win32', true);
    for (const label of ['Refresh Now', 'Copy Topology as Text', 'Export Audit Log'])
      click(itemLabelled(template, label));
    expect(sent).toEqual([
      { type: 'command', command: 'refresh' },
      { type: 'command', command: 'copy-topology' },
      { type: 'command', command: 'export-audit' },
    ]);
  });

  it('gives no two items the same shortcut', () => {
    for (const isPackaged of [true, false]) {
      const accelerators = items(menu('darwin', isPackaged).template).flatMap((item) =>
        item.accelerator ? [item.accelerator] : [],
      );
      expect(accelerators.length).toBeGreaterThan(8);
      expect(new Set(accelerators).size).toBe(accelerators.length);
    }
  });

  it('turns the console-wide read-only mode with a checkbox, as the item is checked', () => {
    const { template, turned } = menu('linux', true);
    const item = itemLabelled(template, 'Read-Only Mode');
    expect(item).toMatchObject({ type: 'checkbox', checked: false, accelerator: 'CmdOrCtrl+Shift+L' });
    // Electron flips a checkbox before it calls the click handler with the item.
    (item.click as (item: { checked: boolean }) => void)({ checked: true });
    (item.click as (item: { checked: boolean }) => void)({ checked: false });
    expect(turned).toEqual([true, false]);
  });

  it('keeps the console running in the tray when closed, with a checkbox, where there is a tray', () => {
    const { template, keptRunning } = menu('linux', true);
    const item = itemLabelled(template, 'Keep Running in Tray When Closed');
    expect(item).toMatchObject({ type: 'checkbox', checked: true });
    expect(template[0]?.submenu).toContain(item);
    (item.click as (item: { checked: boolean }) => void)({ checked: false });
    expect(keptRunning).toEqual([false]);
    const withoutTray = items(menu('linux', true, false).template).map((candidate) => candidate.label);
    expect(withoutTray).not.toContain('Keep Running in Tray When Closed');
  });
});
