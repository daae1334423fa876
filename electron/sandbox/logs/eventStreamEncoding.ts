import { crc32 } from 'node:zlib';

/**
 * The `application/vnd.amazon.eventstream` framing AWS uses for streaming responses such as
 * StartLiveTail: each message is a prelude (total length, headers length, prelude CRC32),
 * typed headers, the payload and a CRC32 of everything before it, all big-endian.
 * Only string headers are needed here (header type 7).
 */

export const eventStreamContentType = 'application/vnd.amazon.eventstream';

const stringHeaderType = 7;

export function encodeEventStreamMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const headerBytes = Buffer.concat(
    Object.entries(headers).map(([name, value]) => {
      const nameBytes = Buffer.from(name, 'utf8');
      const valueBytes = Buffer.from(value, 'utf8');
      const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
      let offset = header.writeUInt8(nameBytes.length, 0);
      offset += nameBytes.copy(header, offset);
      offset = header.writeUInt8(stringHeaderType, offset);
      offset = header.writeUInt16BE(valueBytes.length, offset);
      valueBytes.copy(header, offset);
      return header;
    }),
  );
  const totalLength = 12 + headerBytes.length + payload.length + 4;
  const message = Buffer.alloc(totalLength);
  message.writeUInt32BE(totalLength, 0);
  message.writeUInt32BE(headerBytes.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headerBytes.copy(message, 12);
  message.set(payload, 12 + headerBytes.length);
  message.writeUInt32BE(crc32(message.subarray(0, totalLength - 4)), totalLength - 4);
  return message;
}

/** A modelled event of the stream's union, e.g. `sessionStart`, with a JSON body. */
export function encodeEvent(eventType: string, body: object): Buffer {
  return encodeEventStreamMessage(
    { ':event-type': eventType, ':message-type': 'event', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify(body), 'utf8'),
  );
}

/** A modelled exception of the stream's union, e.g. `SessionTimeoutException`; it ends the stream. */
export function encodeException(exceptionType: string, message: string): Buffer {
  return encodeEventStreamMessage(
    { ':exception-type': exceptionType, ':message-type': 'exception', ':content-type': 'application/json' },
    Buffer.from(JSON.stringify({ message }), 'utf8'),
  );
}
