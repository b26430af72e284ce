// Desired files must be UTF-8. A file saved in another encoding is reported at its first
// undecodable byte, so the user finds the stray character instead of guessing.
export type Decoded =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly line: number;
      readonly column: number;
      /** A UTF-16 byte-order mark: the file was saved as "Unicode" by a Windows editor. */
      readonly utf16: boolean;
    };

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const utf16 =
      bytes.length >= 2 &&
      ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
    // Everything before the first bad byte survives a lenient round trip unchanged.
    const reencoded = new TextEncoder().encode(lenient.decode(bytes));
    let offset = 0;
    while (offset < bytes.length && bytes[offset] === reencoded[offset]) offset += 1;
    const before = bytes.subarray(0, offset);
    const lineStart = before.lastIndexOf(0x0a) + 1;
    let line = 1;
    for (const byte of before) if (byte === 0x0a) line += 1;
    const column = [...lenient.decode(before.subarray(lineStart))].length + 1;
    return { ok: false, line, column, utf16 };
  }
}
