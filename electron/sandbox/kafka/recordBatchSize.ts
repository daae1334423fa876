import { recordBatchHeaderSize } from './recordBatch';

/**
 * The size in bytes of an uncompressed record batch (magic 2) without encoding it, for
 * batches the broker encodes only when read. Each record is described by the lengths of
 * its key and value (null for none) and its timestamp's distance from the batch's first;
 * records carry no headers.
 */
export interface RecordShape {
  keyLength: number | null;
  valueLength: number | null;
  timestampDelta: number;
}

export function recordBatchSize(records: readonly RecordShape[]): number {
  let size = recordBatchHeaderSize;
  records.forEach((record, offsetDelta) => {
    const body =
      1 +
      varintSize(record.timestampDelta) +
      varintSize(offsetDelta) +
      bytesFieldSize(record.keyLength) +
      bytesFieldSize(record.valueLength) +
      varintSize(0);
    size += varintSize(body) + body;
  });
  return size;
}

const bytesFieldSize = (length: number | null): number =>
  length === null ? varintSize(-1) : varintSize(length) + length;

/** Bytes of a zigzag varint, as the record format writes lengths and deltas. */
function varintSize(value: number): number {
  let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (zigzag >= 0x80) {
    zigzag = Math.floor(zigzag / 0x80);
    size += 1;
  }
  return size;
}
