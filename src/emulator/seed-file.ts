// Reading and writing seed files. Writes are atomic (temporary file, then rename) so a crash
// or a reader never sees half a state file.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TerritorySyncError } from '../errors.js';
import type { EmulatorSeed } from './seed-types.js';
import { validateSeed } from './seed-validate.js';

export async function readSeedFile(file: string): Promise<EmulatorSeed> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new TerritorySyncError('INVALID_INPUT', `Cannot read the emulator seed ${file}.`, {
      cause,
    });
  }
  return validateSeed(parseSeedText(text, file), file);
}

/** JSON when the file says so, YAML otherwise (YAML also reads JSON). */
export function parseSeedText(text: string, file: string): unknown {
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${file} is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(cause as Error).message}`,
      { cause },
    );
  }
}

export async function writeSeedFileAtomically(file: string, seed: EmulatorSeed): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, `${JSON.stringify(seed, null, 2)}\n`, 'utf8');
    await rename(tmp, file);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw cause;
  }
}
