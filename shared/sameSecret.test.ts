import { describe, expect, it } from 'vitest';
import { sameSecret } from './sameSecret';

describe('sameSecret', () => {
  it('is true only for the very same text', () => {
    expect(sameSecret('s3cret-token', 's3cret-token')).toBe(true);
    expect(sameSecret('s3cret-tokeN', 's3cret-token')).toBe(false);
    expect(sameSecret('s3cret', 's3cret-token')).toBe(false);
    expect(sameSecret('s3cret-token-and-more', 's3cret-token')).toBe(false);
    expect(sameSecret('', 's3cret-token')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
    expect(sameSecret('\u0000', '')).toBe(false);
  });
});
