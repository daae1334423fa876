import { describe, expect, it } from 'vitest';
import { textWidth } from '../textWidth';
import { healthGlyphs } from './healthGlyphs';

describe('healthGlyphs', () => {
  it('gives every state its own shape, one column wide', () => {
    const glyphs = Object.values(healthGlyphs);
    expect(new Set(glyphs).size).toBe(glyphs.length);
    for (const glyph of glyphs) expect(textWidth(glyph)).toBe(1);
  });
});
