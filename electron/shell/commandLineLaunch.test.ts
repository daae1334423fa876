import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { behaveAsCommand, cliArgsOfLaunch } from './commandLineLaunch';

const installed = '/opt/FlareNet Console/flarenet-console';

describe('cliArgsOfLaunch', () => {
  it('takes a command the CLI knows from an installed app, with everything after it', () => {
    expect(cliArgsOfLaunch({ argv: [installed, 'host', '--port', '7311'] })).toEqual([
      'host',
      '--port',
      '7311',
    ]);
    expect(cliArgsOfLaunch({ argv: [installed, 'services', '--cluster', 'flarenet-production'] })).toEqual([
      'services',
      '--cluster',
      'flarenet-production',
    ]);
    expect(cliArgsOfLaunch({ argv: [installed, '--version'] })).toEqual(['--version']);
    expect(cliArgsOfLaunch({ argv: [installed, 'help'] })).toEqual(['help']);
  });

  it('skips the app folder when run as `electron <app>` from a checkout', () => {
    const argv = ['/work/node_modules/electron/dist/electron', 'dist/electron/main.cjs', 'lag', '--watch'];
    expect(cliArgsOfLaunch({ argv, defaultApp: true })).toEqual(['lag', '--watch']);
    // Without the flag, the app's folder would be taken for the command: not one, so a window.
    expect(cliArgsOfLaunch({ argv })).toBeNull();
  });

  it('opens the window for a plain launch, a link, a switch or a word the CLI does not know', () => {
    expect(cliArgsOfLaunch({ argv: [installed] })).toBeNull();
    expect(cliArgsOfLaunch({ argv: [installed, 'flarenet://group/main/payments'] })).toBeNull();
    expect(cliArgsOfLaunch({ argv: [installed, '--no-sandbox', 'host'] })).toBeNull();
    expect(cliArgsOfLaunch({ argv: [installed, '-psn_0_12345'] })).toBeNull();
    expect(cliArgsOfLaunch({ argv: [installed, 'hosts'] })).toBeNull();
  });
});

describe('behaveAsCommand', () => {
  /** A process as far as a command run uses it: events, what it wrote to stderr, how it exited. */
  class FakeProcess extends EventEmitter {
    written = '';
    exitCode: number | null = null;
    readonly stderr = { write: (text: string) => (this.written += text) };
    exit(code: number): never {
      this.exitCode = code;
      throw new Error('exited');
    }
  }

  function quit(app: EventEmitter): { prevented: boolean } {
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('will-quit', event);
    return event;
  }

  it('stops a command that listens for SIGTERM as the signal would, and holds the quit for it', () => {
    const app = new EventEmitter();
    const commandProcess = new FakeProcess();
    let stopped = 0;
    commandProcess.on('SIGTERM', () => stopped++);
    behaveAsCommand(app, commandProcess);
    expect(quit(app).prevented).toBe(true);
    expect(stopped).toBe(1);
  });

  it('lets Electron quit when the command has nothing to close', () => {
    const app = new EventEmitter();
    behaveAsCommand(app, new FakeProcess());
    expect(quit(app).prevented).toBe(false);
  });

  it('writes an error nothing caught to stderr and exits 1, with no dialog', () => {
    const commandProcess = new FakeProcess();
    behaveAsCommand(new EventEmitter(), commandProcess);
    const error = new Error('socket hang up');
    expect(() => commandProcess.emit('uncaughtException', error)).toThrow('exited');
    expect(commandProcess.written).toBe(`${error.stack}\n`);
    expect(commandProcess.exitCode).toBe(1);
  });

  it('hides the macOS Dock icon, where there is one', () => {
    let hidden = 0;
    const app = Object.assign(new EventEmitter(), { dock: { hide: () => hidden++ } });
    behaveAsCommand(app, new FakeProcess());
    expect(hidden).toBe(1);
  });
});
