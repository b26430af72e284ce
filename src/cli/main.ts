// The entry point: the only place that reads process.argv and calls process.exit.
import { run } from './run.js';

export async function runFromProcess(): Promise<void> {
  const code = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
  });
  process.exitCode = code;
}
