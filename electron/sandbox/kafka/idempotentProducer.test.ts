import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, startSandbox, type Sandbox } from '../sandbox';
import { confluentKafkaVersion, kcatVersion, runProgram, systemPython } from '../../testing/externalClients';
import { kafkaClient, rawRequest } from '../../testing/kafkaTestClients';
import { encodeRecordBatch, readRecordBatchHeader, type RecordBatchHeader } from './recordBatch';
import { WireReader, WireWriter } from './wireBuffer';

/**
 * Idempotent producers: InitProducerId, then batches stamped with producer id, epoch and
 * sequence, which the broker checks per partition. Through kafkajs, raw on the wire, and
 * through librdkafka (kcat, and confluent-kafka for Python) where installed.
 */

let sandbox: Sandbox;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: new ManualClock(), seed: 11, lively: false });
  kafka = kafkaClient(sandbox.kafkaBootstrap, 'idempotence-test');
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
  await sandbox.close();
});

const port = (): number => Number(sandbox.kafkaBootstrap.split(':')[1]);

async function createTopic(topic: string): Promise<void> {
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }] });
}

/** The headers of the batches stored on partition 0 of `topic`, oldest first. */
function storedBatches(topic: string): RecordBatchHeader[] {
  const log = sandbox.kafka.broker.log.partition(topic, 0)!;
  return log.read(log.logStartOffset, Number.MAX_SAFE_INTEGER).map((bytes) => readRecordBatchHeader(bytes));
}

async function initProducerId(transactionalId: string | null = null) {
  const body = new WireWriter().nullableString(transactionalId).int32(60_000).toBuffer();
  const reader = new WireReader((await rawRequest(port(), 22, 1, body))!);
  return {
    throttleTimeMs: reader.int32(),
    errorCode: reader.int16(),
    producerId: reader.int64(),
    producerEpoch: reader.int16(),
  };
}

/** Produce v7 of one or more batches to partition 0; the partition's error code and base offset. */
async function produce(topic: string, batches: Buffer[]): Promise<{ errorCode: number; baseOffset: number }> {
  const body = new WireWriter()
    .nullableString(null)
    .int16(-1)
    .int32(5_000)
    .int32(1)
    .string(topic)
    .int32(1)
    .int32(0)
    .nullableBytes(Buffer.concat(batches))
    .toBuffer();
  const reader = new WireReader((await rawRequest(port(), 0, 7, body))!);
  reader.arrayLength();
  reader.string();
  reader.arrayLength();
  reader.int32();
  return { errorCode: reader.int16(), baseOffset: reader.int64() };
}

const batch = (id: number, epoch: number, baseSequence: number, values: string[]): Buffer =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    { producer: { id, epoch, baseSequence }, timestamp: 1_750_000_000_000 },
  );

describe('an idempotent kafkajs producer', () => {
  it('gets a producer id and writes batches whose sequences follow on', async () => {
    await createTopic('idempotent-orders');
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({
        topic: 'idempotent-orders',
        acks: -1,
        messages: [{ value: 'a' }, { value: 'b' }],
      });
      await producer.send({ topic: 'idempotent-orders', acks: -1, messages: [{ value: 'c' }] });
      await producer.send({
        topic: 'idempotent-orders',
        acks: -1,
        messages: [{ value: 'd' }, { value: 'e' }, { value: 'f' }],
      });
    } finally {
      await producer.disconnect();
    }
    const batches = storedBatches('idempotent-orders');
    expect(batches.map((header) => [header.baseSequence, header.recordCount])).toEqual([
      [0, 2],
      [2, 1],
      [3, 3],
    ]);
    expect(new Set(batches.map((header) => header.producerId)).size).toBe(1);
    expect(batches[0]!.producerId).toBeGreaterThanOrEqual(4000);
    expect(batches.every((header) => header.producerEpoch === 0)).toBe(true);
  });
});

describe('the sequence checks a broker makes', () => {
  it('gives each InitProducerId a new id at epoch 0, and refuses transactional ids', async () => {
    const first = await initProducerId();
    const second = await initProducerId();
    expect(first).toMatchObject({ throttleTimeMs: 0, errorCode: 0, producerEpoch: 0 });
    expect(second.producerId).toBeGreaterThan(first.producerId);
    expect(await initProducerId('payments-tx')).toEqual({
      throttleTimeMs: 0,
      errorCode: 15,
      producerId: -1,
      producerEpoch: -1,
    });
  });

  it('acknowledges a retried batch with its first offset, and refuses gaps, reused sequences and fenced epochs', async () => {
    await createTopic('idempotent-ledger');
    const { producerId: id } = await initProducerId();
    const first = await produce('idempotent-ledger', [batch(id, 0, 0, ['a', 'b'])]);
    expect(first).toEqual({ errorCode: 0, baseOffset: 0 });
    expect(await produce('idempotent-ledger', [batch(id, 0, 2, ['c'])])).toEqual({
      errorCode: 0,
      baseOffset: 2,
    });

    // The same batch again, as a producer retrying after a lost response: no second copy.
    expect(await produce('idempotent-ledger', [batch(id, 0, 0, ['a', 'b'])])).toEqual({
      errorCode: 0,
      baseOffset: 0,
    });
    expect(sandbox.kafka.broker.log.partition('idempotent-ledger', 0)!.endOffset).toBe(3);

    const outOfOrder = 45;
    const fenced = 47;
    expect((await produce('idempotent-ledger', [batch(id, 0, 5, ['gap'])])).errorCode).toBe(outOfOrder);
    expect((await produce('idempotent-ledger', [batch(id, 0, 1, ['overlap'])])).errorCode).toBe(outOfOrder);
    expect((await produce('idempotent-ledger', [batch(id, 1, 3, ['new epoch'])])).errorCode).toBe(outOfOrder);
    expect(await produce('idempotent-ledger', [batch(id, 1, 0, ['new epoch'])])).toEqual({
      errorCode: 0,
      baseOffset: 3,
    });
    expect((await produce('idempotent-ledger', [batch(id, 0, 3, ['old epoch'])])).errorCode).toBe(fenced);
    expect(sandbox.kafka.broker.log.partition('idempotent-ledger', 0)!.endOffset).toBe(4);

    // Another producer's sequences are its own.
    const { producerId: other } = await initProducerId();
    expect((await produce('idempotent-ledger', [batch(other, 0, 0, ['x'])])).errorCode).toBe(0);
  });

  it('refuses more than one batch for a partition in one request, as Produce v3+ requires', async () => {
    await createTopic('idempotent-two-batches');
    const { producerId: id } = await initProducerId();
    const answer = await produce('idempotent-two-batches', [batch(id, 0, 0, ['a']), batch(id, 0, 1, ['b'])]);
    expect(answer.errorCode).toBe(87);
    expect(sandbox.kafka.broker.log.partition('idempotent-two-batches', 0)!.endOffset).toBe(0);
  });
});

describe.skipIf(kcatVersion === null)(
  kcatVersion
    ? `kcat ${kcatVersion} with enable.idempotence=true`
    : 'kcat (not installed: apt-get install -y kcat)',
  () => {
    it('produces through librdkafka’s idempotent producer', async () => {
      await createTopic('idempotent-kcat');
      const { code, stderr } = await runProgram(
        'kcat',
        [
          '-b',
          sandbox.kafkaBootstrap,
          '-P',
          '-t',
          'idempotent-kcat',
          '-p',
          '0',
          '-X',
          'enable.idempotence=true',
        ],
        'one\ntwo\nthree\n',
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const batches = storedBatches('idempotent-kcat');
      expect(batches.reduce((sum, header) => sum + header.recordCount, 0)).toBe(3);
      expect(batches[0]).toMatchObject({ producerEpoch: 0, baseSequence: 0 });
      expect(batches[0]!.producerId).toBeGreaterThanOrEqual(4000);
    });
  },
);

describe.skipIf(confluentKafkaVersion === null)(
  confluentKafkaVersion === null
    ? 'confluent-kafka for Python (not installed: apt-get install -y python3-confluent-kafka)'
    : `confluent-kafka for Python on librdkafka ${confluentKafkaVersion}, enable.idempotence=true`,
  () => {
    it('produces idempotently and has every message acknowledged', async () => {
      await createTopic('idempotent-python');
      const script = `
import sys
from confluent_kafka import Producer
producer = Producer({'bootstrap.servers': sys.argv[1], 'enable.idempotence': True, 'acks': 'all'})
failures = []
def delivered(error, message):
    if error is not None:
        failures.append(str(error))
for index in range(20):
    producer.produce('idempotent-python', key=str(index % 4), value='order-%d' % index, partition=0, on_delivery=delivered)
left = producer.flush(15)
print('left=%d failures=%s' % (left, failures))
sys.exit(1 if left or failures else 0)
`;
      const { code, stdout, stderr } = await runProgram(systemPython, ['-c', script, sandbox.kafkaBootstrap]);
      expect({ code, stdout: stdout.trim(), stderr }).toEqual({
        code: 0,
        stdout: 'left=0 failures=[]',
        stderr: '',
      });
      const batches = storedBatches('idempotent-python');
      expect(batches.reduce((sum, header) => sum + header.recordCount, 0)).toBe(20);
      let next = 0;
      for (const header of batches) {
        expect(header.baseSequence).toBe(next);
        next += header.recordCount;
      }
      expect(new Set(batches.map((header) => header.producerId)).size).toBe(1);
    });
  },
);
