import { describe, expect, it } from 'vitest';
import { DesktopCommandBus } from './desktopCommands';

describe('DesktopCommandBus', () => {
  it('runs a command by the handler registered for it', () => {
    const bus = new DesktopCommandBus();
    const ran: string[] = [];
    bus.register('copy-topology', () => ran.push('copy'));
    bus.run('copy-topology');
    bus.run('copy-topology');
    expect(ran).toEqual(['copy', 'copy']);
  });

  it('keeps a command until its handler comes, and runs it once then', () => {
    const bus = new DesktopCommandBus();
    const ran: string[] = [];
    bus.run('export-audit');
    bus.run('export-audit');
    bus.register('export-audit', () => ran.push('export'));
    expect(ran).toEqual(['export']);
    bus.register('export-audit', () => ran.push('export again'));
    expect(ran).toEqual(['export']);
  });

  it('stops running a handler once it is removed, and keeps the command for the next', () => {
    const bus = new DesktopCommandBus();
    const ran: string[] = [];
    const remove = bus.register('copy-topology', () => ran.push('first'));
    remove();
    bus.run('copy-topology');
    expect(ran).toEqual([]);
    bus.register('copy-topology', () => ran.push('second'));
    expect(ran).toEqual(['second']);
  });

  it('leaves a newer handler in place when an older one is removed', () => {
    const bus = new DesktopCommandBus();
    const ran: string[] = [];
    const removeOld = bus.register('copy-topology', () => ran.push('old'));
    bus.register('copy-topology', () => ran.push('new'));
    removeOld();
    bus.run('copy-topology');
    expect(ran).toEqual(['new']);
  });
});
