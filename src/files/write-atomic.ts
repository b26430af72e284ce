// Writes a file so that readers see the old content or the new, never half of it: chunks go to
// a temporary file beside the target, which is flushed and then renamed over it.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export async function writeFileAtomically(
  file: string,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  let renamed = false;
  try {
    const handle = await open(temporary, 'wx');
    try {
      for await (const chunk of chunks) await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    renamed = true;
  } finally {
    if (!renamed) await rm(temporary, { force: true });
  }
}
