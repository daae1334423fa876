import type { HealthState } from '../../shared/fleet/fleetModel';

export interface TerminalStyle {
  health: (state: HealthState, text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const colours: Record<HealthState, (text: string) => string> = {
  healthy: ansi(32, 39),
  deploying: ansi(36, 39),
  degraded: ansi(33, 39),
  failed: ansi(31, 39),
  stale: ansi(90, 39),
};

const plain: TerminalStyle = { health: (_state, text) => text, dim: (text) => text, bold: (text) => text };
const coloured: TerminalStyle = {
  health: (state, text) => colours[state](text),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
};

/** Colour only for a person at a terminal, and never when NO_COLOR asks for none (https://no-color.org). */
export function terminalStyle(options: { isTty: boolean; env: NodeJS.ProcessEnv }): TerminalStyle {
  const noColor = options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== '';
  return options.isTty && !noColor ? coloured : plain;
}

export const plainStyle = plain;
