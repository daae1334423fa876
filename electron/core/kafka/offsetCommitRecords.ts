/**
 * Records of Kafka's internal `__consumer_offsets` topic, as the group coordinator writes
 * them and as Burrow reads them: every offset commit of every group, keyed by group, topic
 * and partition (OffsetCommitKey, versions 0 and 1), valued by the offset and the commit's
 * time (OffsetCommitValue, versions 0 to 4; 4 is the flexible encoding). A null value is a
 * tombstone: the group's offset on that partition was deleted. Group metadata (key version
 * 2) is read for its group id only: it tells that the group's membership changed. The
 * records of newer group protocols (3 and up) are not commits and are skipped, as is
 * anything that cannot be read.
 */

export const consumerOffsetsTopic = '__consumer_offsets';

export type ConsumerOffsetsRecord =
  | { kind: 'commit'; group: string; topic: string; partition: number; offset: number; timestamp: number }
  | { kind: 'deleted'; group: string; topic: string; partition: number }
  /** The group's metadata (GroupMetadataKey, version 2): written at each new generation, and when the group is removed. */
  | { kind: 'group'; group: string }
  | { kind: 'other' };

class Reader {
  private position = 0;

  constructor(private readonly bytes: Buffer) {}

  int16(): number {
    const value = this.bytes.readInt16BE(this.position);
    this.position += 2;
    return value;
  }

  int32(): number {
    const value = this.bytes.readInt32BE(this.position);
    this.position += 4;
    return value;
  }

  int64(): number {
    const value = this.bytes.readBigInt64BE(this.position);
    this.position += 8;
    return Number(value);
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.bytes.readUInt8(this.position++);
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new RangeError('varint too long');
  }

  /** A string with an int16 length; −1 is null, read here as empty. */
  string(): string {
    return this.text(this.int16());
  }

  /** A compact string: its length + 1 as an unsigned varint; 0 is null, read here as empty. */
  compactString(): string {
    return this.text(this.unsignedVarint() - 1);
  }

  private text(length: number): string {
    if (length < 0) return '';
    if (this.position + length > this.bytes.length) throw new RangeError('string past the end');
    const value = this.bytes.toString('utf8', this.position, this.position + length);
    this.position += length;
    return value;
  }
}

export function decodeConsumerOffsetsRecord(key: Buffer | null, value: Buffer | null): ConsumerOffsetsRecord {
  if (!key || key.length < 2) return { kind: 'other' };
  try {
    const keyReader = new Reader(key);
    const keyVersion = keyReader.int16();
    if (keyVersion === 2) return { kind: 'group', group: keyReader.string() };
    if (keyVersion !== 0 && keyVersion !== 1) return { kind: 'other' };
    const group = keyReader.string();
    const topic = keyReader.string();
    const partition = keyReader.int32();
    if (value === null) return { kind: 'deleted', group, topic, partition };

    const valueReader = new Reader(value);
    const valueVersion = valueReader.int16();
    if (valueVersion < 0 || valueVersion > 4) return { kind: 'other' };
    const offset = valueReader.int64();
    if (valueVersion >= 3) valueReader.int32(); // the leader epoch
    if (valueVersion >= 4) valueReader.compactString();
    else valueReader.string(); // the metadata
    const timestamp = valueReader.int64();
    return { kind: 'commit', group, topic, partition, offset, timestamp };
  } catch {
    return { kind: 'other' };
  }
}
