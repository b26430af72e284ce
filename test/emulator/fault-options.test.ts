// Fault options arrive as JSON (`--faults FILE`, POST /__emulator/faults) and are checked against
// schemas/emulator-faults.schema.json: every documented example is accepted, and each mistake is
// named by its place in the file, what it should be and what it is.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { faultOptionProblems } from '../../src/emulator/index.js';

const ID = '554023000003635006';
const KINDS =
  'serverError, connectionReset, responseLost, tooManyRequests, tokenExpiry, recordLocked, jobFailure';
const ROUTES = 'token, territories, records, coql, write, jobStatus, metadata';

describe('fault options', () => {
  it('accepts the example file, the README example and every option at its limits', () => {
    const example: unknown = JSON.parse(
      readFileSync('examples/emulator/faults-flaky.json', 'utf8'),
    );
    expect(faultOptionProblems(example)).toEqual([]);
    const readme = readFileSync('src/emulator/README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Faults and limits'));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(faultOptionProblems(JSON.parse(block ?? 'null'))).toEqual([]);
    expect(
      faultOptionProblems({
        $schema: '../../schemas/emulator-faults.schema.json',
        serverErrorRate: 0,
        jobFailureRate: 1,
        routes: [],
        latencyMs: 0,
        jobDelayMsByRecord: { [ID]: 2 ** 31 - 1 },
        schedule: [{ kind: 'recordLocked', every: 3, burst: 0, routes: ['write'] }],
      }),
    ).toEqual([]);
    expect(faultOptionProblems({ latencyMs: { min: 5, max: 10 } })).toEqual([]);
  });

  it.each([
    ['not an object', [], ['fault options must be an object (it is a list)']],
    ['an unknown option', { serverErrorRat: 0.1 }, ['unknown fault option "serverErrorRat"']],
    [
      'a rate above 1',
      { serverErrorRate: 5 },
      ['serverErrorRate must be a number from 0 to 1 (it is 5)'],
    ],
    [
      'a rate as text',
      { recordLockedRate: '0.1' },
      ['recordLockedRate must be a number (it is "0.1")'],
    ],
    ['routes as one word', { routes: 'write' }, ['routes must be a list (it is "write")']],
    [
      'an unknown route',
      { routes: ['write', 'bulk'] },
      [`routes[1] must be one of ${ROUTES} (it is "bulk")`],
    ],
    [
      'a locked record id as a number',
      { lockedRecords: [1] },
      ['lockedRecords[0] must be a string (it is 1)'],
    ],
    [
      'latency as text',
      { latencyMs: 'fast' },
      ['latencyMs must be a whole number or an object with min, max (it is "fast")'],
    ],
    ['latency without its max', { latencyMs: { min: 5 } }, ['latencyMs.max is missing']],
    [
      'latency with a bad max',
      { latencyMs: { min: 5, max: -1 } },
      ['latencyMs.max must be at least 0 (it is -1)'],
    ],
    [
      'a job delay no timer can hold',
      { jobDelayMsByRecord: { [ID]: 2 ** 31 } },
      [
        `jobDelayMsByRecord["${ID}"] must be a whole number from 0 to 2147483647 (it is 2147483648)`,
      ],
    ],
    [
      'a schedule that is not a list',
      { schedule: {} },
      ['schedule must be a list (it is an object)'],
    ],
    [
      'a scheduled fault of an unknown kind',
      { schedule: [{ kind: 'serverError' }, { kind: 'meteor' }] },
      [`schedule[1].kind must be one of ${KINDS} (it is "meteor")`],
    ],
    [
      'a scheduled fault with everything wrong',
      {
        schedule: [
          { calls: [1, 2.5], every: 'x', burst: -1, status: 42, routes: ['nowhere'], when: 1 },
        ],
      },
      [
        'schedule[0].kind is missing',
        'schedule[0]: unknown key "when"',
        'schedule[0].calls[1] must be a whole number (it is 2.5)',
        'schedule[0].every must be a whole number (it is "x")',
        'schedule[0].burst must be at least 0 (it is -1)',
        `schedule[0].routes[0] must be one of ${ROUTES} (it is "nowhere")`,
        'schedule[0].status must be a whole number from 100 to 599 (it is 42)',
      ],
    ],
  ] as const)('refuses %s, saying where and why', (_name, options, problems) => {
    expect(faultOptionProblems(options)).toEqual(problems);
  });
});
