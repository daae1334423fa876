import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { singleColumnText, textWidth, truncateToWidth } from './textWidth';

const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
const family = '👨‍👩‍👧‍👦'; // four people joined by zero-width joiners: one glyph
const combinedE = 'e\u0301'; // e and a combining acute accent: one letter

describe('textWidth', () => {
  it.each([
    ['', 0],
    ['payment-service', 15],
    ['✓ healthy', 9],
    ['┏━┓ ╭─╮ ╔═╗ ──▶', 15],
    ['●○◆▲✖✓◐', 7],
    ['lag 12 340 ERR', 14],
    // One code point outside the Basic Multilingual Plane: two UTF-16 units, one column.
    ['𝑥 = 1', 5],
    // East Asian wide characters: two columns each.
    ['日本語', 6],
    ['決済サービス', 12],
    ['한국어', 6],
    ['api-网关', 8],
    // Emoji: two columns, a ZWJ sequence, a flag and a variation selector included.
    ['👍', 2],
    [family, 2],
    ['🇯🇵', 2],
    ['❤️', 2],
    ['deploy 🚀 done', 14],
    // Combining marks take no column of their own.
    [combinedE, 1],
    [`caf${combinedE}`, 4],
    ['Zoe\u0308', 3],
    // Escape codes (colour) take none.
    [red('failed'), 6],
    [`\u001b[1m${red('日本')}\u001b[22m`, 4],
  ])('%j is %i columns', (text, width) => {
    expect(textWidth(text)).toBe(width);
  });
});

describe('singleColumnText', () => {
  it('holds only characters string-width measures as one column, and the console draws with them', () => {
    const members: string[] = [];
    for (let codePoint = 0; codePoint <= 0xffff; codePoint++) {
      const character = String.fromCodePoint(codePoint);
      if (singleColumnText.test(character)) members.push(character);
    }
    expect(members.filter((character) => stringWidth(character) !== 1)).toEqual([]);
    for (const drawn of ['─│┌┐└┘━┃╭╮╔═╗', '→▶▲▼', '✓✖◐○●', '…—’·−≤±', 'café'])
      expect(singleColumnText.test(drawn), drawn).toBe(true);
    for (const other of ['日', '👍', '◽', 'e\u0301', '\u00ad', '\u200b', 'x\u001b[31m'])
      expect(singleColumnText.test(other), JSON.stringify(other)).toBe(false);
  });
});

describe('truncateToWidth', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['a longer line of text', 10, 'a longer …'],
    ['◐ deploying 3/4', 8, '◐ deplo…'],
    ['𝑥𝑥𝑥𝑥', 3, '𝑥𝑥…'],
    ['abc', 1, 'a'],
    ['abc', 0, ''],
    ['abc', -2, ''],
    // A wide character that does not fit is left out whole: one column may stay empty.
    ['日本語のサービス', 7, '日本語…'],
    ['日本語のサービス', 8, '日本語…'],
    ['日本', 3, '日…'],
    ['日本', 4, '日本'],
    ['日本語', 2, '…'],
    // Emoji sequences and flags are cut between glyphs, never inside one.
    [`${family}${family}${family}`, 5, `${family}${family}…`],
    ['🇯🇵🇫🇷🇩🇪', 4, '🇯🇵…'],
    // A letter keeps its accents.
    [`caf${combinedE} caf${combinedE}`, 5, `caf${combinedE}…`],
    // Colour is kept, and switched off after the cut.
    [red('failed badly'), 6, red('faile…')],
    [`${red('✖ failed')} since 12:00`, 9, `${red('✖ failed')}…`],
  ])('truncateToWidth(%j, %i) → %j', (text, width, expected) => {
    expect(truncateToWidth(text, width)).toBe(expected);
    expect(textWidth(truncateToWidth(text, width))).toBeLessThanOrEqual(Math.max(0, width));
  });
});
