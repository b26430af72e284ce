// Issue #7: hostile input never hurts anyone. Every bad desired file, run through the CLI
// exactly as a user runs `territory-sync validate FILE`: exit 1, one located message that says
// what is wrong, no stack trace, nothing raw on the terminal, and Object.prototype untouched.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { DESIRED_CORPUS } from './desired-corpus.js';
import { expectLocatedRefusal, expectNoCrash, prototypeKeys } from './refusal.js';

let root: string;
const before = prototypeKeys();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'territory-sync-hostile-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('validate refuses bad desired files', () => {
  it('holds at least 40 bad inputs', () => {
    expect(DESIRED_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(DESIRED_CORPUS)('$name', async (hostile) => {
    const dir = await mkdtemp(path.join(root, 'case-'));
    const input = await hostile.create(dir);
    try {
      // As in GitHub Actions: annotations repeat every message, so they must be as safe.
      const result = await runCli(['validate', input.file], {
        cwd: input.cwd,
        env: { GITHUB_ACTIONS: 'true' },
      });
      expectLocatedRefusal(result, { ...hostile, file: input.file });
    } finally {
      await input.release?.();
    }
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('odd but valid input is accepted as written', () => {
  const body =
    'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": { territories: [EMEA], note: Müller }\n';

  it.each([
    ['a UTF-8 byte-order mark', `\ufeff${body}`],
    ['Windows line endings (CRLF)', body.replace(/\n/g, '\r\n')],
    [
      'a block note with CRLF line endings',
      'version: 1\r\nrecords:\r\n  Accounts:\r\n    "554023000003635001":\r\n      territories: [EMEA]\r\n      note: |\r\n        Müller\r\n        GmbH\r\n',
    ],
  ])('%s', async (_name, text) => {
    const dir = await mkdtemp(path.join(root, 'valid-'));
    await writeFile(path.join(dir, 'territories.yaml'), text);
    const result = await runCli(['validate', 'territories.yaml'], { cwd: dir });
    expectNoCrash(result);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 record (1 Accounts, 0 Contacts, 0 Deals), 1 territory');
  });

  it('__proto__, constructor and prototype are ordinary alias names', async () => {
    const result = await runCli([
      'validate',
      'test/fixtures/hostile/proto-keys-as-alias-names.yaml',
    ]);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 record (1 Accounts, 0 Contacts, 0 Deals), 3 territory');
    expect(prototypeKeys()).toEqual(before);
  });
});
