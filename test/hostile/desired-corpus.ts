// Bad desired-state inputs, each with the one refusal it must produce. Small ones live in
// test/fixtures/hostile/; large, binary or invisible ones are made here at test time, so the
// repository holds no 50 MB file and no character a reviewer cannot see.
import { mkdir, truncate, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';

export interface HostileInput {
  /** The folder to run in, and the file to name on the command line (relative to it). */
  readonly cwd: string;
  readonly file: string;
  /** Releases what the input holds open (a listening socket). */
  readonly release?: () => Promise<void>;
}

export interface HostileCase {
  /** What the case proves, as the test's name. */
  readonly name: string;
  /** Creates the input inside `dir` (a fresh temporary folder), or names a fixture. */
  readonly create: (dir: string) => Promise<HostileInput>;
  /** The code of the located error that must be reported. */
  readonly code: string;
  readonly messageIncludes?: string;
  readonly line?: number;
}

const ID = '554023000003635001';
const FIXTURES = 'test/fixtures/hostile';

function fixture(name: string): (dir: string) => Promise<HostileInput> {
  return () => Promise.resolve({ cwd: REPO_ROOT, file: `${FIXTURES}/${name}` });
}

function written(
  name: string,
  content: string | Uint8Array,
): (dir: string) => Promise<HostileInput> {
  return async (dir) => {
    await writeFile(path.join(dir, name), content);
    return { cwd: dir, file: name };
  };
}

function record(territories: string): string {
  return `version: 1\nrecords:\n  Accounts:\n    "${ID}": ${territories}\n`;
}

/** Bytes that look like a compressed archive: deterministic, so a failure repeats. */
function binaryGarbage(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let state = 0x2545f491;
  for (let i = 0; i < size; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  bytes.set([0x50, 0x4b, 0x03, 0x04], 0);
  return bytes;
}

function nestedMappings(levels: number): string {
  const lines = ['version: 1', 'records:'];
  for (let i = 0; i < levels; i += 1) lines.push(`${' '.repeat(i + 2)}level${i}:`);
  return `${lines.join('\n')}\n`;
}

function aliasChain(levels: number): string {
  const lines = ['version: 1', 'records:', '  Accounts:', `    "${ID}": &a0 [EMEA]`];
  for (let i = 1; i < levels; i += 1) {
    lines.push(`    "${BigInt(ID) + BigInt(i)}": &a${i} [*a${i - 1}]`);
  }
  return `${lines.join('\n')}\n`;
}

export const DESIRED_CORPUS: readonly HostileCase[] = [
  // Prototype pollution: keys that are special to JavaScript objects are plain keys here.
  {
    name: '__proto__, constructor and prototype as module names are unknown modules',
    create: fixture('proto-keys-as-modules.yaml'),
    code: 'UNKNOWN_MODULE',
    messageIncludes: "Unknown module '__proto__'",
    line: 4,
  },
  {
    name: '__proto__, constructor and prototype as record ids are bad record ids',
    create: fixture('proto-keys-as-record-ids.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "record id '__proto__'",
    line: 5,
  },
  {
    name: '__proto__ and constructor inside entries and alias targets are unknown keys',
    create: fixture('proto-keys-inside-entries.yaml'),
    code: 'UNKNOWN_KEY',
    messageIncludes: "'__proto__'",
    line: 4,
  },
  {
    name: '__proto__ and constructor at the top level (JSON style) are unknown keys',
    create: fixture('proto-keys-at-top-level.yaml'),
    code: 'UNKNOWN_KEY',
    messageIncludes: "top-level key '__proto__'",
    line: 1,
  },
  // YAML features a desired file has no use for.
  {
    name: 'a !!js/function tag is refused, never evaluated',
    create: fixture('yaml-tag-js-function.yaml'),
    code: 'YAML_TAG',
    messageIncludes: '!!js/function',
    line: 5,
  },
  {
    name: 'a !!binary tag is refused instead of becoming bytes',
    create: fixture('yaml-tag-binary.yaml'),
    code: 'YAML_TAG',
    messageIncludes: '!!binary',
    line: 4,
  },
  {
    name: '!!set, !!timestamp and custom tags are refused',
    create: fixture('yaml-tags-set-timestamp-custom.yaml'),
    code: 'YAML_TAG',
    messageIncludes: '!custom',
    // A tagged block mapping is placed where its content starts.
    line: 3,
  },
  {
    name: 'a YAML merge key (<<) is explained, not silently merged',
    create: fixture('merge-key.yaml'),
    code: 'UNKNOWN_KEY',
    messageIncludes: 'merge keys',
    line: 6,
  },
  {
    name: 'a second YAML document (---) is refused where it starts',
    create: fixture('multiple-documents.yaml'),
    code: 'YAML_SYNTAX',
    messageIncludes: 'second YAML document',
    line: 5,
  },
  {
    name: 'YAML 1.1 (%YAML 1.1) booleans and octals are not territory names',
    create: fixture('yaml-1.1-directive.yaml'),
    code: 'SCHEMA_TYPE',
    messageIncludes: 'where a territory name belongs',
    line: 7,
  },
  {
    name: 'a document that is a list, not a mapping, is refused',
    create: fixture('document-is-a-list.yaml'),
    code: 'SCHEMA_TYPE',
    messageIncludes: 'The file holds a list',
    line: 1,
  },
  // Record ids that are not 18-19 digits, however YAML would read them.
  {
    name: 'record ids with spaces inside or around them are refused',
    create: fixture('ids-with-spaces.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'554023 000003635001'",
    line: 4,
  },
  {
    name: 'record ids with a + or - sign are refused, not read as numbers',
    create: fixture('ids-with-signs.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'+554023000003635001'",
    line: 4,
  },
  {
    name: 'record ids written with exponents are refused, never rounded',
    create: fixture('ids-with-exponents.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'5.54023000003635e17'",
    line: 4,
  },
  {
    name: 'record ids in hex, octal or binary are refused as written',
    create: fixture('ids-hex-octal-binary.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'0x7B0484E1F3A2E1'",
    line: 4,
  },
  {
    name: 'record ids with underscores are refused',
    create: fixture('ids-with-underscores.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'554_023_000_003_635_001'",
    line: 4,
  },
  {
    name: 'record ids that are floats, .inf, .nan, null or a list are refused',
    create: fixture('ids-float-inf-nan.yaml'),
    code: 'BAD_RECORD_ID',
    messageIncludes: "'554023000003635001.0'",
    line: 4,
  },
  // Empty files.
  {
    name: 'an empty file is refused by name',
    create: fixture('empty.yaml'),
    code: 'EMPTY_FILE',
    line: 1,
  },
  {
    name: 'a whitespace-only file is refused by name',
    create: fixture('whitespace-only.yaml'),
    code: 'EMPTY_FILE',
  },
  {
    name: 'a file of comments only is refused by name',
    create: fixture('comments-only.yaml'),
    code: 'EMPTY_FILE',
  },
  // Aliases and anchors.
  {
    name: 'a billion-laughs alias bomb is refused, not expanded',
    create: fixture('billion-laughs.yaml'),
    code: 'YAML_ALIAS',
    messageIncludes: 'expand to far more data',
  },
  {
    name: 'an alias explosion of mappings is refused, not expanded',
    create: fixture('alias-map-explosion.yaml'),
    code: 'YAML_ALIAS',
    messageIncludes: 'expand to far more data',
  },
  {
    name: 'a list that contains its own alias is refused',
    create: fixture('self-referencing-alias.yaml'),
    code: 'YAML_ALIAS',
    line: 4,
  },
  {
    name: 'an alias to an anchor that does not exist is refused',
    create: fixture('undefined-alias.yaml'),
    code: 'YAML_ALIAS',
    line: 4,
  },
  {
    name: 'a hundred thousand aliases are refused before the YAML library sees them',
    create: written(
      'many-aliases.yaml',
      `version: 1\nterritories:\n  e: &e { name: EMEA }\nx: [${Array.from({ length: 100_000 }, () => '*e').join(', ')}]\n`,
    ),
    code: 'YAML_ALIAS',
    messageIncludes: 'more than 10,000 YAML aliases',
    line: 4,
  },
  {
    name: 'aliases nesting lists 40 deep are refused at the limit',
    create: written('alias-chain.yaml', aliasChain(40)),
    code: 'NESTING_TOO_DEEP',
  },
  // Deep nesting, in every way YAML allows.
  {
    name: "100,000 unclosed '[' are refused in the lexer, not after minutes of parsing",
    create: written('deep-flow-lists.yaml', `version: 1\nrecords: ${'['.repeat(100_000)}\n`),
    code: 'NESTING_TOO_DEEP',
    line: 2,
  },
  {
    name: "100,000 nested '{a: ' mappings are refused in the lexer",
    create: written(
      'deep-flow-maps.yaml',
      `version: 1\nrecords: ${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}\n`,
    ),
    code: 'NESTING_TOO_DEEP',
    line: 2,
  },
  {
    name: "100,000 compact '- - -' block lists are refused in the lexer",
    create: written('deep-compact-lists.yaml', `version: 1\nrecords:\n${'- '.repeat(100_000)}x\n`),
    code: 'NESTING_TOO_DEEP',
    line: 3,
  },
  {
    name: 'mappings indented 100 levels deep are refused at the limit',
    create: written('deep-indented-100.yaml', nestedMappings(100)),
    code: 'NESTING_TOO_DEEP',
  },
  {
    name: 'mappings indented 5,000 levels deep (12 MB) are refused without a stack overflow',
    create: written('deep-indented-5000.yaml', nestedMappings(5000)),
    code: 'YAML_SYNTAX',
    messageIncludes: 'nest too deeply',
  },
  // Size.
  {
    name: 'a 50 MB file is refused by its size, unread',
    create: async (dir) => {
      const file = path.join(dir, 'huge.yaml');
      await writeFile(file, record('[EMEA]'));
      // Sparse: 50 MB on paper, nothing on disk, instant to make.
      await truncate(file, 50 * 1024 * 1024);
      return { cwd: dir, file: 'huge.yaml' };
    },
    code: 'FILE_TOO_LARGE',
    messageIncludes: 'huge.yaml (50 MB) is larger than the 20 MB',
    line: 1,
  },
  {
    name: 'an endless stream (/dev/zero) is refused unread: it is not a file',
    create: (dir) => Promise.resolve({ cwd: dir, file: '/dev/zero' }),
    code: 'FILE_UNREADABLE',
    messageIncludes: '/dev/zero is a character device, not a file',
    line: 1,
  },
  {
    name: '100,000 territories in one record are counted against the limit of 10',
    create: written(
      'huge-list.yaml',
      record(`[${Array.from({ length: 100_000 }, (_, i) => `Territory ${i}`).join(', ')}]`),
    ),
    code: 'TOO_MANY_TERRITORIES',
    messageIncludes: 'lists 100000 territories',
    line: 4,
  },
  {
    name: 'a 10-million-character territory name is refused without being echoed',
    create: written('long-name.yaml', record(`["${'A'.repeat(10_000_000)}"]`)),
    code: 'TEXT_TOO_LONG',
    messageIncludes: '10,000,000 characters',
    line: 4,
  },
  {
    name: 'a 5-million-digit record key is refused as a key too long for YAML',
    create: written(
      'long-key.yaml',
      `version: 1\nrecords:\n  Accounts:\n    ${'9'.repeat(5_000_000)}: [EMEA]\n`,
    ),
    code: 'YAML_SYNTAX',
    messageIncludes: 'longer than 1024 characters',
    line: 4,
  },
  {
    name: 'a 2-million-character explicit key (? ...) is refused without being echoed',
    create: written(
      'long-explicit-key.yaml',
      // Its value is wrong too, so every message that names the record is put to the test.
      `version: 1\nrecords:\n  Accounts:\n    ? "${'7'.repeat(2_000_000)}"\n    : 5\n`,
    ),
    code: 'TEXT_TOO_LONG',
    messageIncludes: '2,000,000 characters',
    line: 4,
  },
  // Encodings and bytes.
  {
    name: 'binary garbage (a zip archive) is refused at its first undecodable byte',
    create: written('archive.yaml', binaryGarbage(64 * 1024)),
    code: 'NOT_UTF8',
    line: 1,
  },
  {
    name: 'a UTF-16 file (as Windows "Unicode") is refused with the encoding named',
    create: written(
      'utf16.yaml',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(record('[EMEA]'), 'utf16le')]),
    ),
    code: 'NOT_UTF8',
    messageIncludes: 'UTF-16',
  },
  {
    name: 'Latin-1 bytes (not UTF-8) are refused at the byte',
    create: written(
      'latin1.yaml',
      Buffer.concat([Buffer.from(record('[EMEA]')), Buffer.from('# M\xfcller\n', 'latin1')]),
    ),
    code: 'NOT_UTF8',
    line: 5,
  },
  {
    name: 'a NUL byte inside a territory name is refused',
    create: written('nul.yaml', record('[EM\u0000EA]')),
    code: 'CONTROL_CHARACTER',
    messageIncludes: 'NUL',
    line: 4,
  },
  {
    name: 'a raw ANSI escape in a note is refused and never reaches the terminal',
    create: written(
      'ansi-raw.yaml',
      record('{ territories: [EMEA], note: "\u001b[2J\u001b[31mAll good\u001b[0m" }'),
    ),
    code: 'CONTROL_CHARACTER',
    messageIncludes: 'U+001B',
    line: 4,
  },
  {
    name: 'ANSI escapes written as "\\e" in a name and a note are refused',
    create: written(
      'ansi-escaped.yaml',
      record('{ territories: ["\\e[31mEMEA"], note: "\\x1b]0;owned\\a" }'),
    ),
    code: 'CONTROL_CHARACTER',
    messageIncludes: 'written as an escape',
    line: 4,
  },
  {
    name: 'ANSI escapes written as "\\e" in a module name and an alias name are refused',
    create: written(
      'ansi-keys.yaml',
      `version: 1\nterritories:\n  "\\e[31memea": { name: EMEA }\nrecords:\n  "\\e[2JAccounts":\n    "${ID}": [EMEA]\n`,
    ),
    code: 'CONTROL_CHARACTER',
    line: 3,
  },
  {
    name: 'a carriage return and a C1 control written as escapes are refused',
    create: written('cr-escaped.yaml', record('["EMEA\\rAPAC", "\\u0085EMEA\\u009b"]')),
    code: 'CONTROL_CHARACTER',
    line: 4,
  },
  {
    name: 'a bidirectional override in a comment (Trojan Source) is refused',
    create: written(
      'bidi.yaml',
      `version: 1\nrecords:\n  Accounts:\n    "${ID}": [EMEA] # \u202e ]ACAP[ \u2066\n`,
    ),
    code: 'CONTROL_CHARACTER',
    messageIncludes: 'bidirectional',
    line: 4,
  },
  {
    name: 'a whole file that is one line of text is refused without echoing it',
    create: written('token.txt', 'ghp_CANARYsecretTOKEN0123456789abcdef\n'),
    code: 'SCHEMA_TYPE',
    messageIncludes: 'The file holds text;',
    line: 1,
  },
  // Not files.
  {
    name: 'a folder instead of a file is refused by name',
    create: async (dir) => {
      await mkdir(path.join(dir, 'territories.yaml'));
      return { cwd: dir, file: 'territories.yaml' };
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'is a folder',
  },
  {
    name: 'a socket instead of a file is refused as unreadable',
    create: async (dir) => {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock.yaml'), resolve));
      return {
        cwd: dir,
        file: 'sock.yaml',
        release: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
    code: 'FILE_UNREADABLE',
    messageIncludes: 'a socket or a device',
  },
  {
    name: 'a path through a file (territories.yaml/more.yaml) is refused as missing',
    create: async (dir) => {
      await writeFile(path.join(dir, 'territories.yaml'), record('[EMEA]'));
      return { cwd: dir, file: 'territories.yaml/more.yaml' };
    },
    code: 'FILE_NOT_FOUND',
  },
];
