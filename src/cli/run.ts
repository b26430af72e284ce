import type { Io } from './io.js';

export async function run(argv: readonly string[], io: Io): Promise<number> {
  io.stdout.write(`territory-sync ${argv.join(' ')}\n`);
  return 0;
}
