// Writes chunks to a stream (stdout) in order, waiting for it to drain when it asks to, so a
// large export is never buffered whole in memory behind a slow reader.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export async function writeChunks(
  stream: Writable,
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  for await (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
