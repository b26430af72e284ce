// Request bodies: read with a size cap, JSON parsed leniently, forms in both encodings Zoho's
// SDKs use for the token call (url-encoded and multipart).
import type { IncomingMessage } from 'node:http';

export type BodyRead =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'too-large'; readonly limit: number };

/**
 * Reads the whole body. Past the cap the rest is drained and dropped, so the client can still
 * read our answer instead of seeing its upload cut off.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(
        tooLarge
          ? { kind: 'too-large', limit }
          : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', reject);
  });
}

/**
 * JSON.parse after two repairs Zoho's Java parser makes unnecessary: // and /* *\/ comments
 * outside strings are dropped (the sample request on Zoho's assign page carries one,
 * "//record_id"), and integers too long for a double are read as their digits, so a client
 * that sends an 18-digit id as a number still names the right record.
 */
export function parseLenientJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(prepare(text)) };
  } catch {
    return { ok: false };
  }
}

const LONG_INTEGER = /-?\d{16,}(?![\d.eE])/y;

function prepare(text: string): string {
  if (!text.includes('/') && !/\d{16}/.test(text)) return text;
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else if ((c === '-' || (c >= '0' && c <= '9')) && !/[\w.]/.test(text[i - 1] ?? '')) {
      LONG_INTEGER.lastIndex = i;
      const long = LONG_INTEGER.exec(text);
      if (long) {
        out += `"${long[0]}"`;
        i += long[0].length - 1;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** Form fields from an application/x-www-form-urlencoded or multipart/form-data body. */
export function parseForm(contentType: string | undefined, text: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (/multipart\/form-data/i.test(contentType ?? '') && boundary) {
    return parseMultipart(text, (boundary[1] ?? boundary[2] ?? '').trim());
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function parseMultipart(text: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of text.split(`--${boundary}`)) {
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const name = /name="([^"]*)"/i.exec(part.slice(0, headerEnd));
    if (!name?.[1]) continue;
    fields[name[1]] = part.slice(headerEnd + 4).replace(/\r\n$/, '');
  }
  return fields;
}
