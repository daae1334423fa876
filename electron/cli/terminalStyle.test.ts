import { describe, expect, it } from 'vitest';
import { colourWanted, plainStyle, terminalStyle } from './terminalStyle';

describe('colourWanted', () => {
  it.each([
    // A terminal gets colour, a pipe or a file none.
    [{}, true, true],
    [{}, false, false],
    // NO_COLOR: any value but the empty one turns colour off.
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '0' }, true, false],
    [{ NO_COLOR: 'false' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    // A dumb terminal shows escape codes as text.
    [{ TERM: 'dumb' }, true, false],
    [{ TERM: 'xterm-256color' }, true, true],
    [{ TERM: 'xterm-256color' }, false, false],
    // FORCE_COLOR: colour without a terminal, and ahead of NO_COLOR and TERM=dumb.
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: 'true' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
    // FORCE_COLOR=0 (or false) turns colour off even at a terminal.
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: 'FALSE' }, true, false],
  ])('env %j, terminal %s → colour %s', (env, isTty, expected) => {
    expect(colourWanted({ env, isTty })).toBe(expected);
  });
});

describe('terminalStyle', () => {
  it('paints with escape codes when colour is wanted and leaves text alone otherwise', () => {
    const coloured = terminalStyle({ isTty: false, env: { FORCE_COLOR: '1' } });
    expect(coloured.health('failed', '✖ failed')).toBe('\u001b[31m✖ failed\u001b[39m');
    expect(coloured.bold('x')).toBe('\u001b[1mx\u001b[22m');
    expect(terminalStyle({ isTty: true, env: { TERM: 'dumb' } })).toBe(plainStyle);
    expect(plainStyle.health('failed', '✖ failed')).toBe('✖ failed');
  });
});
