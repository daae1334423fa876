import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajs } from '../../testing/kafkajsInternals';
import { murmur2, partitionForKey } from './keyPartitioner';

const keys = ['', 'a', 'ab', 'abc', 'abcd', 'ord_Gx81TyqA0PZm', 'cus_483920', 'ünïcødé', 'x'.repeat(129)];

describe("Kafka's default partitioner", () => {
  it('hashes keys with the same murmur2 as kafkajs', () => {
    for (const key of keys) expect(murmur2(Buffer.from(key)), key).toBe(kafkajs.murmur2(Buffer.from(key)));
  });

  it('puts a key on the partition the kafkajs producer would choose', () => {
    const partitioner = Partitioners.DefaultPartitioner();
    for (const partitionCount of [1, 3, 7, 50]) {
      const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
        partitionId,
        leader: 1,
        partitionErrorCode: 0,
        replicas: [1],
        isr: [1],
      }));
      for (const key of keys.filter((candidate) => candidate !== ''))
        expect(partitionForKey(key, partitionCount), `${key} of ${partitionCount}`).toBe(
          partitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } }),
        );
    }
  });
});
