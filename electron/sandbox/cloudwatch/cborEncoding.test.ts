import { describe, expect, it } from 'vitest';
import { CborDecodingError, decodeCbor, encodeCbor } from './cborEncoding';

describe('CBOR', () => {
  it('carries maps, lists, text, integers, floats and booleans through a round trip', () => {
    const value = {
      Id: 'cpu',
      Values: [0, 23, 255, 65_536, -7, 1.5, 2 ** 40],
      Complete: true,
      Nothing: null,
    };
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });

  it('writes a Date as tag 1 around epoch seconds and reads it back as epoch seconds', () => {
    const bytes = encodeCbor({ At: new Date(1_748_855_340_500) });
    expect(bytes.subarray(4, 6)).toEqual(Buffer.from([0xc1, 0xfb]));
    expect(decodeCbor(bytes)).toEqual({ At: 1_748_855_340.5 });
  });

  it('reads indefinite lengths and half and single floats, as other encoders write them', () => {
    // {_ "a": [_ 1.5 (half), 100000.0 (single)], "b": (_ "x", "y") }
    const bytes = Buffer.from([
      0xbf, 0x61, 0x61, 0x9f, 0xf9, 0x3e, 0x00, 0xfa, 0x47, 0xc3, 0x50, 0x00, 0xff, 0x61, 0x62, 0x7f, 0x61,
      0x78, 0x61, 0x79, 0xff, 0xff,
    ]);
    expect(decodeCbor(bytes)).toEqual({ a: [1.5, 100_000], b: 'xy' });
  });

  it('refuses a body cut short or followed by more bytes', () => {
    const whole = encodeCbor({ Id: 'cpu' });
    expect(() => decodeCbor(whole.subarray(0, whole.length - 1))).toThrow(CborDecodingError);
    expect(() => decodeCbor(Buffer.concat([whole, Buffer.from([0x01])]))).toThrow(CborDecodingError);
  });
});
