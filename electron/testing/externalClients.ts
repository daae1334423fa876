import { execFile, execFileSync } from 'node:child_process';

/**
 * Kafka and AWS clients other than the ones in node_modules, run as programs: kcat and
 * confluent-kafka for Python (both librdkafka) and the AWS CLI. Tests that use one skip,
 * saying how to install it, where the machine does not have it.
 */

/** The command's trimmed output, or null when it cannot be run. */
export function outputOf(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return null;
  }
}

export function runProgram(
  command: string,
  args: string[],
  input?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { timeout: 20_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Debian's python3-confluent-kafka installs for the system Python, not for one on PATH. */
export const systemPython = '/usr/bin/python3';

/** librdkafka's version under confluent-kafka for Python, or null when the module is missing. */
export const confluentKafkaVersion = outputOf(systemPython, [
  '-c',
  'import confluent_kafka; print(confluent_kafka.libversion()[0])',
]);

export const kcatVersion = ((): string | null => {
  const banner = outputOf('kcat', ['-V']);
  return banner === null ? null : (/Version (\S+)/.exec(banner)?.[1] ?? 'unknown');
})();

/** The AWS CLI's version line (aws-cli/1.x or 2.x with its botocore), or null when it is not installed. */
export const awsCliVersion = outputOf('aws', ['--version']);
