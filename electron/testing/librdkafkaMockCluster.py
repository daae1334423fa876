"""librdkafka's mock Kafka cluster, for tests of the console's Kafka code against a broker
written by other people. It starts the mock cluster inside a producer, writes messages to
one topic, lets a consumer group read part of them and commit, and prints one JSON line:
the bootstrap address, the topic, the group, and per partition the end and committed
offsets. The consumer stays in its group (heartbeating, no further commits) until standard
input closes.

Needs python3-confluent-kafka (Debian's package); exits with code 3 without it.
"""

import json
import logging
import re
import sys
import threading

try:
    from confluent_kafka import Consumer, Producer, TopicPartition
except ImportError:
    print("python3-confluent-kafka is not installed", file=sys.stderr)
    sys.exit(3)

TOPIC = "orders"
GROUP = "order-readers"
MESSAGES = 40
READ = 15


class MockAddress(logging.Handler):
    """librdkafka says where the mock cluster listens only in a log line."""

    def __init__(self):
        super().__init__()
        self.address = None

    def emit(self, record):
        found = re.search(r"replaced with (\S+)", record.getMessage())
        if found:
            self.address = found.group(1)


def main():
    handler = MockAddress()
    logger = logging.getLogger("librdkafka-mock")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    producer = Producer(
        {"bootstrap.servers": "unused:9092", "test.mock.num.brokers": 1}, logger=logger
    )
    for _ in range(50):
        if handler.address:
            break
        producer.poll(0.1)
    if not handler.address:
        print("the mock cluster did not say where it listens", file=sys.stderr)
        sys.exit(1)

    for index in range(MESSAGES):
        producer.produce(TOPIC, key=f"customer-{index % 7}", value=f"order-{index}")
    producer.flush(10)

    consumer = Consumer(
        {
            "bootstrap.servers": handler.address,
            "group.id": GROUP,
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe([TOPIC])
    read = 0
    while read < READ:
        message = consumer.poll(1.0)
        if message is not None and message.error() is None:
            read += 1
    consumer.commit(asynchronous=False)

    partitions = consumer.assignment()
    committed = {tp.partition: tp.offset for tp in consumer.committed(partitions, timeout=10)}
    report = {
        "bootstrap": handler.address,
        "topic": TOPIC,
        "group": GROUP,
        "partitions": [
            {
                "partition": tp.partition,
                "end": consumer.get_watermark_offsets(tp, timeout=10)[1],
                "committed": committed[tp.partition] if committed[tp.partition] >= 0 else None,
            }
            for tp in sorted(partitions, key=lambda tp: tp.partition)
        ],
    }
    # Nothing more is read, so nothing more is committed: the figures above stay true.
    consumer.pause(partitions)
    print(json.dumps(report), flush=True)

    closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), closed.set()), daemon=True).start()
    while not closed.is_set():
        consumer.poll(0.2)
    consumer.close()


if __name__ == "__main__":
    main()
