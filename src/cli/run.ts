import type { Readable, Writable } from 'node:stream';

export interface Io {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly stdin: Readable & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  io.stdout.write(`territory-sync ${argv.join(' ')}\n`);
  return 0;
}
