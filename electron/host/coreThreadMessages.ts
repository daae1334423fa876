import type { AppInfo } from '../../shared/ipc/app';
import type { ConsoleCoreOptions } from '../core/app/consoleCore';

/** The console core's options that cross to its thread: everything but functions. */
export type CoreThreadOptions = Omit<
  ConsoleCoreOptions,
  'env' | 'startSandbox' | 'log' | 'encryption' | 'keychain'
>;

/** From the host's main thread to the core's thread. */
export type ToCoreThread =
  | { kind: 'open'; session: number }
  | { kind: 'receive'; session: number; text: string }
  | { kind: 'close'; session: number }
  | { kind: 'stop' };

/** From the core's thread to the host's main thread. */
export type FromCoreThread =
  | { kind: 'ready'; info: AppInfo }
  | { kind: 'failed'; message: string }
  | { kind: 'send'; session: number; text: string }
  | { kind: 'log'; line: string }
  | { kind: 'stopped' };
