import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs the unit and the end-to-end projects side by side, as two vitest processes: one
 * process would run them one after the other (the end-to-end project runs a file at a time,
 * and vitest runs such a project after the others). The end-to-end specs spend most of their
 * time waiting for simulated minutes and a browser, so the unit files use that time. Each
 * line says which project it came from; the exit code is the first failure's, or 0.
 *
 *   tsx scripts/testProjects.ts [vitest arguments for both]
 */

const projects = ['e2e', 'unit'] as const;

function run(project: (typeof projects)[number], extraArgs: readonly string[]): Promise<number> {
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--project', project, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env,
    },
  );
  const prefix = `[${project}]`.padEnd(7);
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: stream }).on('line', (line) => target.write(`${prefix}${line}\n`));
  }
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`${prefix}could not start vitest: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const codes = await Promise.all(projects.map((project) => run(project, process.argv.slice(2))));
const failed = projects.filter((_, index) => codes[index] !== 0);
if (failed.length > 0) process.stderr.write(`Failed: ${failed.join(', ')}\n`);
process.exit(codes.find((code) => code !== 0) ?? 0);
