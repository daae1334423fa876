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

/**
 * Whether output gets colour. FORCE_COLOR decides first, as in Node itself: it is asked of
 * one run (a CI log, a pager that shows colour), while NO_COLOR (https://no-color.org) is
 * usually a standing preference; FORCE_COLOR=0 or false turns colour off. Then NO_COLOR with
 * any value but the empty one, then a terminal that declares it has no colour (TERM=dumb),
 * and otherwise colour only for a terminal, never for a pipe or a file.
 */
export function colourWanted(options: { isTty: boolean; env: NodeJS.ProcessEnv }): boolean {
  const { env } = options;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return options.isTty;
}

export function terminalStyle(options: { isTty: boolean; env: NodeJS.ProcessEnv }): TerminalStyle {
  return colourWanted(options) ? coloured : plain;
}

export const plainStyle = plain;
