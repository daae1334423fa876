import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import { kcatVersion, runProgram } from '../../testing/externalClients';
import { defaultPartitioner, kafkaClient, rawRequest } from '../../testing/kafkaTestClients';
import { WireReader, WireWriter } from './wireBuffer';

/**
 * ListOffsets by timestamp, as the team lock uses it to find where a lease window starts.
 * Kafka answers with the first batch whose newest record is at or after the timestamp
 * (its time index holds running maxima), and within it the first record at or after it;
 * producers whose clocks disagree leave timestamps out of order, and the answer is still
 * that one. A timestamp after every record is answered with offset -1, which kafkajs turns
 * into the partition's end.
 */

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;

const topic = 'list-offsets-by-time';
const at = Date.UTC(2025, 3, 1, 12, 0, 0);

beforeAll(async () => {
  sandbox = await startSandbox({ clock: new ManualClock(), seed: 3, lively: false });
  kafka = kafkaClient(sandbox.kafkaBootstrap, 'list-offsets-by-time');
  admin = kafka.admin();
  producer = kafka.producer({
    createPartitioner: defaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  // Three batches on partition 0 from producers whose clocks disagree: offsets 0, 1, and 2 to 4.
  for (const timestamps of [[5_000], [1_000], [4_000, 1_000, 6_000]])
    await producer.send({
      topic,
      acks: -1,
      messages: timestamps.map((ms) => ({ partition: 0, value: `at+${ms}`, timestamp: String(at + ms) })),
    });
});

afterAll(async () => {
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await sandbox.close();
});

/** ListOffsets v1 for one timestamp on both partitions, read off the wire: [error code, timestamp, offset] per partition. */
async function listOffsetsV1(timestamp: number): Promise<Array<[number, number, number]>> {
  const body = new WireWriter()
    .int32(-1)
    .int32(1)
    .string(topic)
    .int32(2)
    .int32(0)
    .int64(timestamp)
    .int32(1)
    .int64(timestamp)
    .toBuffer();
  const port = Number(sandbox.kafkaBootstrap.split(':')[1]);
  const reader = new WireReader((await rawRequest(port, 2, 1, body))!);
  reader.arrayLength();
  reader.string();
  const answers: Array<[number, number, number]> = [];
  for (let count = reader.arrayLength(); count > 0; count--) {
    reader.int32();
    answers.push([reader.int16(), reader.int64(), reader.int64()]);
  }
  return answers;
}

describe('ListOffsets by timestamp', () => {
  it('answers with the first batch whose newest record is late enough, and the first such record in it', async () => {
    expect(await listOffsetsV1(at + 500)).toEqual([
      [0, at + 5_000, 0],
      [0, -1, -1],
    ]);
    // Offset 1 holds an older timestamp, but the batch at 0 already reaches past this one.
    expect((await listOffsetsV1(at + 2_000))[0]).toEqual([0, at + 5_000, 0]);
    expect((await listOffsetsV1(at + 5_500))[0]).toEqual([0, at + 6_000, 4]);
  });

  it('answers a timestamp after every record with -1, which kafkajs reads as the end of the partition', async () => {
    expect(await listOffsetsV1(at + 7_000)).toEqual([
      [0, -1, -1],
      [0, -1, -1],
    ]);
    const found = await admin.fetchTopicOffsetsByTimestamp(topic, at + 7_000);
    expect(found.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '0' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp(topic, at + 5_500)).toContainEqual({
      partition: 0,
      offset: '4',
    });
  });

  describe.skipIf(kcatVersion === null)(`through kcat ${kcatVersion ?? '(not installed)'}`, () => {
    const readFrom = async (timestamp: number) => {
      const { code, stdout, stderr } = await runProgram('kcat', [
        '-b',
        sandbox.kafkaBootstrap,
        '-C',
        '-t',
        topic,
        '-p',
        '0',
        '-o',
        `s@${timestamp}`,
        '-e',
        '-f',
        '%o %T\n',
      ]);
      expect(code, stderr).toBe(0);
      return stdout.trim().split('\n');
    };

    it('starts reading where the broker says the timestamp is', async () => {
      expect(await readFrom(at + 5_500)).toEqual([`4 ${at + 6_000}`]);
      expect(await readFrom(at + 2_000)).toEqual(
        [5_000, 1_000, 4_000, 1_000, 6_000].map((ms, offset) => `${offset} ${at + ms}`),
      );
    });
  });
});
