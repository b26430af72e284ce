// Runs the CLI the way a user does: in-process through run() (fast, same code path as the
// binary after argument parsing), or as the real `bin/territory-sync.js` process via execa.
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { run } from '../../src/cli/run.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/territory-sync.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Pretend stdout is a terminal (for colour tests). */
  readonly tty?: boolean;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** The environment a test run sees: nothing from the developer's shell leaks in. */
export function cleanEnv(extra: Readonly<Record<string, string | undefined>> = {}) {
  return { PATH: process.env.PATH, NO_COLOR: undefined, CI: 'true', ...extra };
}

export async function runCli(
  argv: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await run(argv, {
    stdout,
    stderr,
    stdin,
    env: cleanEnv(options.env),
    cwd: options.cwd ?? REPO_ROOT,
  });
  return { code, stdout: out(), stderr: err() };
}

export async function runBinary(
  argv: readonly string[],
  options: CliOptions = {},
): Promise<CliResult> {
  const result = await execa('node', [BIN, ...argv], {
    cwd: options.cwd ?? REPO_ROOT,
    env: cleanEnv(options.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
  });
  return { code: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr };
}
