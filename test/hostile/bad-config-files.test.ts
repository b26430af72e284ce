// Bad configuration files, run through `territory-sync validate` (which loads the config to find
// the desired files): exit 1, the file named with the line and column when the format has them,
// no stack trace, and no secret or foreign file content repeated.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runBinary, runCli } from '../helpers/run-cli.js';
import { expectNoCrash, prototypeKeys } from './refusal.js';

const CANARY = 'CANARY-7f3e9b1d0c2a';
/** JavaScript configs run only when this is set (config-round2.test.ts: refused otherwise). */
const ALLOW_JS = { TERRITORY_SYNC_ALLOW_JS_CONFIG: '1' } as const;

interface ConfigCase {
  readonly name: string;
  /** Files to write into the working folder, by name. */
  readonly files: Readonly<Record<string, string>>;
  readonly args?: readonly string[];
  /** Environment of the run (also set on this process while it runs in it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Text the error output must contain: the located place and what is wrong. */
  readonly includes: readonly (string | RegExp)[];
}

function aliasBomb(levels: number): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < levels; i += 1) {
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\ndesired: *a${levels - 1}\n`;
}

const CASES: readonly ConfigCase[] = [
  {
    name: 'a JSON syntax error is located at its line and column',
    files: { 'territory-sync.config.json': '{\n  "batchSize": 5\n  "concurrency": 2\n}\n' },
    includes: ['Error: territory-sync.config.json:3:3: invalid JSON'],
  },
  {
    name: 'a YAML syntax error is located at its line and column',
    files: { 'territory-sync.config.yaml': 'batchSize: [1,\nconcurrency: 2\n' },
    includes: ['Error: territory-sync.config.yaml:2:1: invalid YAML'],
  },
  {
    name: 'a YAML config holding a client secret is refused without repeating it',
    files: {
      'territory-sync.config.yaml': `connection:\n  dataCentre: eu\nclientSecret: ${CANARY}\n`,
    },
    includes: ['holds a secret at /clientSecret (territory-sync.config.yaml:3:1)'],
  },
  {
    name: 'a token-shaped value anywhere is refused without repeating it',
    files: {
      'territory-sync.config.yaml':
        'environments:\n  prod:\n    desired: 1000.0123456789abcdef0123.fedcba9876543210fedc\n',
    },
    includes: ['holds a secret at /environments/prod/desired (territory-sync.config.yaml:3:14)'],
  },
  {
    name: 'unknown settings are each named at their line',
    files: {
      'territory-sync.config.yaml': 'batchSise: 5\nenvironments:\n  prod:\n    concurency: 2\n',
    },
    includes: [
      "territory-sync.config.yaml:1:1: (top level): unknown setting 'batchSise'",
      "territory-sync.config.yaml:4:5: /environments/prod: unknown setting 'concurency'",
    ],
  },
  {
    name: 'settings of the wrong type are each named at their line',
    files: {
      'territory-sync.config.json':
        '{\n  "batchSize": "ten",\n  "concurrency": -1,\n  "connection": { "dataCentre": "mars" }\n}\n',
    },
    includes: [
      'territory-sync.config.json:2:3: /batchSize: must be integer',
      'territory-sync.config.json:3:3: /concurrency: must be >= 1',
      'territory-sync.config.json:4:19: /connection/dataCentre: must be one of "us", "eu"',
    ],
  },
  {
    name: 'an ANSI escape in a setting name is shown as its escape, never sent to the terminal',
    files: {
      'territory-sync.config.json': '{\n  "\\u001b[2J\\u001b]0;owned\\u0007batchSize": 5\n}\n',
    },
    includes: [
      "territory-sync.config.json:2:3: (top level): unknown setting '\\u001b[2J\\u001b]0;owned\\u0007batchSize'",
    ],
  },
  {
    name: 'an ES module config that throws is named at the line that threw',
    env: ALLOW_JS,
    files: {
      'territory-sync.config.mjs': `const ready = false;\nif (!ready) throw new Error('${CANARY} not ready');\nexport default {};\n`,
    },
    includes: ['Error: territory-sync.config.mjs:2:19: ', 'not ready'],
  },
  {
    name: 'a CommonJS config that throws is named at the line that threw',
    env: ALLOW_JS,
    files: { 'territory-sync.config.js': "throw new Error('config exploded');\n" },
    includes: ['Error: territory-sync.config.js:1:7: config exploded'],
  },
  {
    name: 'a config that throws null, not an Error, is named',
    env: ALLOW_JS,
    files: { 'territory-sync.config.mjs': 'throw null;\n' },
    includes: ['Error: territory-sync.config.mjs: it threw null'],
  },
  {
    name: 'an ES module config with a syntax error is named',
    env: ALLOW_JS,
    files: { 'territory-sync.config.mjs': 'export default { batchSize: 5,, };\n' },
    // Node says "Unexpected token"; under vitest the module loader words it its own way.
    includes: [/^Error: territory-sync\.config\.mjs(:\d+:\d+)?: \S/m],
  },
  {
    name: 'a YAML alias bomb in a config is refused, not expanded',
    files: { 'territory-sync.config.yaml': aliasBomb(9) },
    includes: ['Error: territory-sync.config.yaml: invalid YAML aliases'],
  },
  {
    name: "cosmiconfig's $import is refused, so a config cannot pull in another file",
    files: {
      'secret.yaml': `batchSize: ${CANARY}\n`,
      'territory-sync.config.yaml': '$import: secret.yaml\n',
    },
    includes: ['Error: territory-sync.config.yaml: `$import` is not supported'],
  },
  {
    name: 'a config file far larger than any config is refused',
    files: { 'territory-sync.config.yaml': `desired: [${'x.yaml, '.repeat(20_000)}y.yaml]\n` },
    includes: [
      /^Error: territory-sync\.config\.yaml: it is [\d,]+ bytes long; a config file is at most 131,072 bytes \(32,768 characters\)/m,
    ],
  },
  {
    name: 'a deeply nested JSON value is refused without a stack overflow',
    files: {
      'territory-sync.config.json': `{"desired": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    },
    includes: ['/desired/0: must be string'],
  },
  {
    name: 'a JavaScript config whose value refers to itself is refused without a stack overflow',
    env: ALLOW_JS,
    files: {
      'territory-sync.config.mjs':
        'const safety = {};\nsafety.safety = safety;\nexport default { safety, environments: { prod: { safety } } };\n',
    },
    includes: ["/safety: unknown setting 'safety'"],
  },
  {
    name: 'a broken package.json is named',
    files: { 'package.json': '{ "name": "x", "territory-sync": ' },
    includes: ['Error: package.json: invalid JSON'],
  },
  {
    name: '--env __proto__ is not an environment',
    files: { 'territory-sync.config.json': '{ "environments": { "prod": { "batchSize": 2 } } }' },
    args: ['--env', '__proto__'],
    includes: ["has no environment named '__proto__'", 'Use one of: prod.'],
  },
  {
    name: '--env constructor is not an environment',
    files: { 'territory-sync.config.json': '{ "environments": { "prod": { "batchSize": 2 } } }' },
    args: ['--env', 'constructor'],
    includes: ["has no environment named 'constructor'"],
  },
  {
    name: 'defaultEnvironment: __proto__ is not an environment',
    files: { 'territory-sync.config.yaml': 'defaultEnvironment: __proto__\n' },
    includes: ["has no environment named '__proto__'"],
  },
  {
    name: '--config naming a folder is refused',
    files: {},
    args: ['--config', 'configs'],
    includes: ['Error: configs: is not a file.'],
  },
  {
    name: '--config naming an endless stream (/dev/zero) is refused unread',
    files: {},
    args: ['--config', '/dev/zero'],
    includes: ['Error: /dev/zero: is not a file.'],
  },
  {
    name: 'a desired setting pointing at a secret file never echoes its content',
    files: {
      'id_token.txt': `${CANARY}-eyJhbGciOiJIUzI1NiJ9\n`,
      'territory-sync.config.yaml': 'desired: id_token.txt\n',
    },
    includes: ['id_token.txt:1:1: error SCHEMA_TYPE: The file holds text;'],
  },
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'territory-sync-hostile-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('bad config files are refused, located', () => {
  it.each(CASES)('$name', async (c) => {
    for (const [name, value] of Object.entries(c.env ?? {})) vi.stubEnv(name, value);
    const before = prototypeKeys();
    const dir = await mkdtemp(path.join(root, 'case-'));
    await mkdir(path.join(dir, 'configs'));
    await writeFile(
      path.join(dir, 'territories.yaml'),
      'version: 1\nrecords:\n  Accounts:\n    "554023000003635001": [EMEA]\n',
    );
    for (const [name, text] of Object.entries(c.files)) await writeFile(path.join(dir, name), text);
    // As in GitHub Actions: the annotation repeats the message, so it must be as safe.
    const result = await runCli(['validate', ...(c.args ?? [])], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', ...c.env },
    });
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    for (const text of c.includes) {
      if (typeof text === 'string') expect(result.stderr).toContain(text);
      else expect(result.stderr).toMatch(text);
    }
    // The exception: an error the config's own code raised with the text in it.
    if (!c.name.startsWith('an ES module config that throws')) {
      expect(result.stderr).not.toContain(CANARY);
    }
    expect(result.stderr).not.toContain('0123456789abcdef0123');
    expect(prototypeKeys()).toEqual(before);
  });
});

describe('a JavaScript config, loaded by Node itself (the real binary)', () => {
  it('a syntax error is named with what Node says, and a throw with its line', async () => {
    const dir = await mkdtemp(path.join(root, 'binary-'));
    await writeFile(path.join(dir, 'territory-sync.config.mjs'), 'export default { a: 1,, };\n');
    const syntax = await runBinary(['validate'], { cwd: dir, env: ALLOW_JS });
    expectNoCrash(syntax);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(
      /^Error: territory-sync\.config\.mjs: JavaScript syntax error: Unexpected token ','$/m,
    );
    await writeFile(
      path.join(dir, 'territory-sync.config.mjs'),
      "export default {};\nthrow new Error('not ready');\n",
    );
    const thrown = await runBinary(['validate'], { cwd: dir, env: ALLOW_JS });
    expectNoCrash(thrown);
    expect(thrown.stderr).toMatch(/^Error: territory-sync\.config\.mjs:2:7: not ready$/m);
  });
});
