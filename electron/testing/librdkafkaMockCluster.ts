import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * librdkafka's mock Kafka cluster (through Debian's python3-confluent-kafka), a broker
 * written by other people, for a second check of what the sandbox broker tests: it answers
 * OffsetFetch for all of a group's topics with nothing and has no ListGroups or
 * DescribeGroups. `librdkafkaMockCluster.py` starts it, lets a consumer group commit, and
 * reports the offsets it holds.
 */

export interface MockClusterReport {
  bootstrap: string;
  topic: string;
  group: string;
  partitions: Array<{ partition: number; end: number; committed: number | null }>;
}

export interface MockCluster {
  report: MockClusterReport;
  close(): Promise<void>;
}

const script = fileURLToPath(new URL('./librdkafkaMockCluster.py', import.meta.url));

/** A Python that has confluent_kafka, or why there is none. */
export function findMockClusterPython(): { python: string } | { missing: string } {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import confluent_kafka'], { stdio: 'ignore' });
    if (probe.status === 0) return { python };
  }
  return { missing: 'python3-confluent-kafka is not installed (apt-get install -y python3-confluent-kafka)' };
}

export function startMockCluster(python: string): Promise<MockCluster> {
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      resolve({
        report: JSON.parse(stdout.slice(0, newline)) as MockClusterReport,
        close: () => closeChild(child, exited),
      });
    });
    child.once('exit', (code) =>
      reject(new Error(`The mock cluster ended (${code}) before reporting: ${stderr}`)),
    );
    child.once('error', reject);
  });
}

async function closeChild(child: ChildProcessWithoutNullStreams, exited: Promise<void>): Promise<void> {
  // Closing its input is how the script is told to leave its group and end; a script stuck
  // in librdkafka is ended all the same.
  child.stdin.end();
  const stuck = setTimeout(() => child.kill(), 15_000);
  await exited;
  clearTimeout(stuck);
}
