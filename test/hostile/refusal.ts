// What every refusal of bad input must look like to the person (or CI log) reading it.
import { expect } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';

/** A stack frame ("    at fn (file:1:2)") or the CLI's last-resort message. */
const CRASH = /^\s+at\s|Internal error|RangeError|TypeError|ReferenceError/m;
/** Anything that could move the cursor, recolour or retitle a terminal. Newlines are fine. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Output stays readable: an echoed 10 MB input would blow far past this. */
const MAX_STDERR = 64 * 1024;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RefusalExpectation {
  readonly file: string;
  readonly code: string;
  readonly messageIncludes?: string;
  readonly line?: number;
}

/** The shape every output must have: no crash, no raw control characters, not flooded. */
export function expectNoCrash(result: CliResult): void {
  const output = `${result.stdout}${result.stderr}`;
  expect(output, output.slice(0, 2000)).not.toMatch(CRASH);
  expect(RAW_CONTROL.test(output), 'raw control characters in the output').toBe(false);
  expect(result.stderr.length).toBeLessThan(MAX_STDERR);
}

/** Exit 1, a `file:line:col: error CODE: message` line, and nothing on stdout. */
export function expectLocatedRefusal(result: CliResult, expected: RefusalExpectation): void {
  expectNoCrash(result);
  expect(result.code, result.stderr.slice(0, 2000)).toBe(1);
  expect(result.stdout).toBe('');
  const located = new RegExp(
    `^${escapeRegExp(expected.file)}:(\\d+):(\\d+): error ${expected.code}: (.*)$`,
    'gm',
  );
  const lines = [...result.stderr.matchAll(located)];
  expect(
    lines.length,
    `no "${expected.file}:line:col: error ${expected.code}" in:\n${result.stderr.slice(0, 2000)}`,
  ).toBeGreaterThan(0);
  const wanted = lines.filter(
    (line) =>
      (expected.line === undefined || Number(line[1]) === expected.line) &&
      (expected.messageIncludes === undefined ||
        (line[3] ?? '').includes(expected.messageIncludes)),
  );
  expect(
    wanted.length,
    `no ${expected.code} at line ${expected.line ?? 'any'} saying "${expected.messageIncludes ?? ''}" in:\n${result.stderr.slice(0, 2000)}`,
  ).toBeGreaterThan(0);
  expect(result.stderr).toContain('nothing was sent to Zoho');
}

/** Own properties of Object.prototype, to prove no input added one. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}
