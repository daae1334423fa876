import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { DecodedValue, TailMessage } from '../../../shared/kafka/kafkaModel';

/**
 * Kafka messages made readable for the tail: JSON pretty-printed, UTF-8 text as it is, and
 * anything else as hex, each cut to a display limit so one huge message cannot fill the page.
 */

export interface DecodeLimits {
  /** Characters of a value's text shown at most. */
  valueChars: number;
  keyChars: number;
  headerChars: number;
}

export const defaultDecodeLimits: DecodeLimits = { valueChars: 4000, keyChars: 200, headerChars: 200 };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Control characters other than tab, newline and carriage return mark bytes that are not text. */
// eslint-disable-next-line no-control-regex
const binaryControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function decodeBytes(bytes: Buffer | null | undefined, limit: number): DecodedValue {
  if (!bytes || bytes.length === 0) return { encoding: 'empty', text: '', truncated: false };
  let text: string | null;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = null;
  }
  if (text === null || binaryControl.test(text)) return hex(bytes, limit);

  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return cut('json', JSON.stringify(JSON.parse(text), null, 2), limit);
    } catch {
      // Looks like JSON but is not (cut short, or a log line): shown as the text it is.
    }
  }
  return cut('text', text, limit);
}

function hex(bytes: Buffer, limit: number): DecodedValue {
  // "de ad be ef": three characters per byte.
  const shown = Math.max(1, Math.floor((limit + 1) / 3));
  const pairs = bytes.subarray(0, shown).toString('hex').match(/../g) ?? [];
  return { encoding: 'hex', text: pairs.join(' '), truncated: bytes.length > shown };
}

function cut(encoding: 'json' | 'text', text: string, limit: number): DecodedValue {
  const chars = [...text];
  if (chars.length <= limit) return { encoding, text, truncated: false };
  return { encoding, text: chars.slice(0, limit).join(''), truncated: true };
}

function headerList(headers: IHeaders | undefined, limit: number): TailMessage['headers'] {
  if (!headers) return [];
  const list: TailMessage['headers'] = [];
  for (const [name, raw] of Object.entries(headers)) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (value === undefined) continue;
      const decoded = decodeBytes(typeof value === 'string' ? Buffer.from(value) : value, limit);
      list.push({ name, value: decoded.truncated ? `${decoded.text}…` : decoded.text });
    }
  }
  return list;
}

export function toTailMessage(
  partition: number,
  message: KafkaMessage,
  limits: DecodeLimits = defaultDecodeLimits,
): TailMessage {
  const size = (message.key?.length ?? 0) + (message.value?.length ?? 0);
  const timestamp = Number(message.timestamp);
  return {
    partition,
    offset: Number(message.offset),
    timestamp: Number.isFinite(timestamp) ? timestamp : 0,
    key: message.key ? decodeBytes(message.key, limits.keyChars) : null,
    value: decodeBytes(message.value, limits.valueChars),
    size,
    headers: headerList(message.headers, limits.headerChars),
  };
}
