import { describe, expect, it } from 'vitest';
import { decodeBytes, toTailMessage } from './messageDecoding';

describe('decodeBytes', () => {
  it('pretty-prints JSON objects and arrays', () => {
    expect(decodeBytes(Buffer.from('{"orderId":"o-1","items":[1,2]}'), 1000)).toEqual({
      encoding: 'json',
      text: '{\n  "orderId": "o-1",\n  "items": [\n    1,\n    2\n  ]\n}',
      truncated: false,
    });
  });

  it('shows UTF-8 text as it is, including text that only looks like JSON', () => {
    expect(decodeBytes(Buffer.from('payment accepted: 12,00 €'), 1000)).toEqual({
      encoding: 'text',
      text: 'payment accepted: 12,00 €',
      truncated: false,
    });
    expect(decodeBytes(Buffer.from('{"cut": "sho'), 1000).encoding).toBe('text');
    expect(decodeBytes(Buffer.from('line one\nline two\ttabbed'), 1000).encoding).toBe('text');
  });

  it('shows bytes that are not text as hex', () => {
    expect(decodeBytes(Buffer.from([0xde, 0xad, 0xbe, 0xef]), 1000)).toEqual({
      encoding: 'hex',
      text: 'de ad be ef',
      truncated: false,
    });
    // Valid UTF-8, but with control characters text does not have (an Avro or protobuf payload).
    expect(decodeBytes(Buffer.from([0x00, 0x01, 0x41, 0x42]), 1000).encoding).toBe('hex');
  });

  it('cuts long values to the limit and says so', () => {
    const long = decodeBytes(Buffer.from('x'.repeat(50)), 10);
    expect(long).toEqual({ encoding: 'text', text: 'x'.repeat(10), truncated: true });
    const json = decodeBytes(Buffer.from(JSON.stringify({ a: 'y'.repeat(100) })), 20);
    expect(json.encoding).toBe('json');
    expect([...json.text]).toHaveLength(20);
    expect(json.truncated).toBe(true);
    const binary = decodeBytes(Buffer.alloc(100, 0xff), 11);
    expect(binary).toEqual({ encoding: 'hex', text: 'ff ff ff ff', truncated: true });
  });

  it('cuts by characters, never inside one', () => {
    const cut = decodeBytes(Buffer.from('€€€€€'), 3);
    expect(cut.text).toBe('€€€');
  });

  it('says when there is nothing', () => {
    expect(decodeBytes(null, 10)).toEqual({ encoding: 'empty', text: '', truncated: false });
    expect(decodeBytes(Buffer.alloc(0), 10)).toEqual({ encoding: 'empty', text: '', truncated: false });
  });
});

describe('toTailMessage', () => {
  it('carries position, time, size, key and headers', () => {
    const message = toTailMessage(3, {
      key: Buffer.from('order-17'),
      value: Buffer.from('{"total":12}'),
      timestamp: '1748854800000',
      attributes: 0,
      offset: '42',
      headers: { 'trace-id': Buffer.from('abc'), retries: ['1', '2'], binary: Buffer.from([0xff]) },
    });
    expect(message).toEqual({
      partition: 3,
      offset: 42,
      timestamp: 1748854800000,
      key: { encoding: 'text', text: 'order-17', truncated: false },
      value: { encoding: 'json', text: '{\n  "total": 12\n}', truncated: false },
      size: 8 + 12,
      headers: [
        { name: 'trace-id', value: 'abc' },
        { name: 'retries', value: '1' },
        { name: 'retries', value: '2' },
        { name: 'binary', value: 'ff' },
      ],
    });
  });

  it('keeps a null key null and a tombstone empty', () => {
    const message = toTailMessage(0, {
      key: null,
      value: null,
      timestamp: '0',
      attributes: 0,
      offset: '0',
      headers: {},
    });
    expect(message.key).toBeNull();
    expect(message.value.encoding).toBe('empty');
    expect(message.size).toBe(0);
  });
});
