// The same refusals through `plan` against the emulator: bad input is caught before the first
// API call, so not even a token is requested, and nothing is ever written.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { DESIRED_CORPUS } from './desired-corpus.js';
import { expectLocatedRefusal, expectNoCrash, prototypeKeys } from './refusal.js';

const PLANNED = [
  'a billion-laughs alias bomb is refused, not expanded',
  '__proto__, constructor and prototype as module names are unknown modules',
  'a 50 MB file is refused by its size, unread',
  'a NUL byte inside a territory name is refused',
  'ANSI escapes written as "\\e" in a name and a note are refused',
  "100,000 unclosed '[' are refused in the lexer, not after minutes of parsing",
  '100,000 territories in one record are counted against the limit of 10',
  'a !!js/function tag is refused, never evaluated',
];

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

describe('plan refuses bad input before any API call', () => {
  const cases = DESIRED_CORPUS.filter((c) => PLANNED.includes(c.name));

  it('runs every chosen case', () => {
    expect(cases.map((c) => c.name).sort()).toEqual([...PLANNED].sort());
  });

  it.each(cases)('$name', async (hostile) => {
    const before = prototypeKeys();
    org = await startTestOrg();
    const input = await hostile.create(org.dir);
    const desired = path.resolve(input.cwd, input.file);
    // The config names the file as the user would: plan reads what `desired` says.
    await org.write('territory-sync.config.json', JSON.stringify({ desired: [desired] }));
    const result = await runCli(['plan', '--verbose'], { cwd: org.dir, env: org.env });
    const shown = path.relative(org.dir, desired);
    expectLocatedRefusal(result, { ...hostile, file: shown });
    const stats = org.emulator.stats();
    expect(stats.writeCalls).toBe(0);
    expect(stats.calls).toBe(0);
    expect(prototypeKeys()).toEqual(before);
  });

  it('a config file with wrong types is refused before any API call', async () => {
    org = await startTestOrg();
    await writeFile(
      path.join(org.dir, 'territory-sync.config.json'),
      '{\n  "batchSize": "ten",\n  "connection": { "dataCentre": "mars" }\n}\n',
    );
    const result = await runCli(['plan'], { cwd: org.dir, env: org.env });
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('territory-sync.config.json:2:3: /batchSize: must be integer');
    expect(org.emulator.stats().calls).toBe(0);
  });
});
