// Hostile input, round two (issue #13): config files that would run code, hang or flood, and
// web pages reaching for the emulator's admin routes. Each CLI case runs `plan` with the demo
// credentials against a live emulator and proves the refusal came before the first API call.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { TerritorySyncError } from '../../src/errors.js';
import { accessToken, call, rawRequest } from '../emulator/helpers.js';
import { desiredYaml, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';
import { expectNoCrash } from './refusal.js';

const ALLOW = 'TERRITORY_SYNC_ALLOW_JS_CONFIG';

let org: TestOrg;
let root: string;
const fifos: string[] = [];

beforeAll(async () => {
  org = await startTestOrg();
  root = await mkdtemp(path.join(tmpdir(), 'territory-sync-round2-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  // Should a reader ever block on one of the FIFOs, a writer opening and closing it ends the read.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // ENXIO: no reader, as it should be.
    }
  }
});
afterAll(async () => {
  await org?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/** A working folder with a valid territories.yaml for the demo org. */
async function folder(): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'case-'));
  await writeFile(
    path.join(dir, 'territories.yaml'),
    desiredYaml({ Accounts: { '554023000003635001': ['EMEA'] } }),
  );
  return dir;
}

async function mkfifo(file: string): Promise<string> {
  execFileSync('mkfifo', [file]);
  fifos.push(file);
  return file;
}

/** `plan` in `dir` against the emulator, its API calls counted from zero. */
async function plan(
  dir: string,
  options: { args?: readonly string[]; env?: Record<string, string> } = {},
): Promise<CliResult & { calls: number }> {
  org.emulator.resetStats();
  const result = await runCli(['plan', ...(options.args ?? [])], {
    cwd: dir,
    env: { ...org.env, ...options.env },
  });
  return { ...result, calls: org.emulator.stats().calls };
}

/**
 * Exit 1, INVALID_CONFIG naming the file, no stack, nothing sent to the emulator. Promptly too,
 * but that is not timed: a FIFO read without O_NONBLOCK would never return, and the test's
 * timeout catches that.
 */
function expectConfigRefusal(
  result: CliResult & { calls: number },
  file: string,
  ...includes: string[]
): void {
  expectNoCrash(result);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(`Error: ${file}: `);
  for (const text of includes) expect(result.stderr).toContain(text);
  expect(result.calls, 'API calls made before the refusal').toBe(0);
}

/** A config that, once run, writes MARKER beside it (with the secret it could read). */
function markerModule(name: string, marker: string): string {
  const target = JSON.stringify(marker);
  if (name.endsWith('.js')) {
    // No package.json around: Node runs .js as CommonJS.
    return `require('node:fs').writeFileSync(${target}, String(process.env.ZOHO_CLIENT_SECRET));\nmodule.exports = {};\n`;
  }
  const typed = name.endsWith('.ts') ? ': Record<string, unknown>' : '';
  return [
    "import { writeFileSync } from 'node:fs';",
    `writeFileSync(${target}, String(process.env.ZOHO_CLIENT_SECRET));`,
    `const config${typed} = {};`,
    'export default config;',
    '',
  ].join('\n');
}

const EXECUTABLE_NAMES = [
  'territory-sync.config.mjs',
  'territory-sync.config.js',
  'territory-sync.config.ts',
  '.territory-syncrc.mjs',
  '.territory-syncrc.js',
] as const;

describe('executable config files are refused unless TERRITORY_SYNC_ALLOW_JS_CONFIG=1', () => {
  it.each(EXECUTABLE_NAMES)('%s found by the search is refused without running', async (name) => {
    vi.stubEnv(ALLOW, undefined);
    const dir = await folder();
    const marker = path.join(dir, 'MARKER');
    await writeFile(path.join(dir, name), markerModule(name, marker));
    const result = await plan(dir);
    expectConfigRefusal(
      result,
      name,
      'executable config files are off',
      'with your Zoho credentials',
      'Convert it to territory-sync.config.yaml',
      `${ALLOW}=1`,
    );
    expect(existsSync(marker), 'the config ran').toBe(false);
  });

  it.each(EXECUTABLE_NAMES)('%s runs with the variable set', async (name) => {
    vi.stubEnv(ALLOW, '1');
    const dir = await folder();
    const marker = path.join(dir, 'MARKER');
    await writeFile(path.join(dir, name), markerModule(name, marker));
    const result = await runCli(['validate'], { cwd: dir, env: { [ALLOW]: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(marker), 'the config did not run').toBe(true);
  });

  it('a .cjs config named with --config is refused without running', async () => {
    vi.stubEnv(ALLOW, undefined);
    const dir = await folder();
    const marker = path.join(dir, 'MARKER');
    await writeFile(path.join(dir, 'settings.cjs'), markerModule('x.js', marker));
    const result = await plan(dir, { args: ['--config', 'settings.cjs'] });
    expectConfigRefusal(result, 'settings.cjs', 'executable config files are off');
    expect(existsSync(marker)).toBe(false);
  });

  it('any other value of the variable leaves them off', async () => {
    vi.stubEnv(ALLOW, 'yes');
    const dir = await folder();
    const marker = path.join(dir, 'MARKER');
    await writeFile(path.join(dir, 'territory-sync.config.mjs'), markerModule('x.mjs', marker));
    const result = await plan(dir, { env: { [ALLOW]: 'yes' } });
    expectConfigRefusal(result, 'territory-sync.config.mjs', 'executable config files are off');
    expect(existsSync(marker)).toBe(false);
  });

  it('an allowed JavaScript config is used for a plan', async () => {
    vi.stubEnv(ALLOW, '1');
    const dir = await folder();
    await writeFile(
      path.join(dir, 'territory-sync.config.mjs'),
      'export default { desired: ["territories.yaml"], batchSize: 7 };\n',
    );
    const result = await plan(dir, { env: { [ALLOW]: '1' } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.calls).toBeGreaterThan(0);
    expect((await loadConfig({ cwd: dir, env: { [ALLOW]: '1' } })).batchSize).toBe(7);
  });

  // cosmiconfig() itself looks in the process's folder for a meta config and require()s a
  // .config/config.js at once; a .config/config.yaml can add search places it loads as code.
  it.each([
    ['.config/config.js, run by cosmiconfig when created', { '.config/config.js': 'marker' }],
    [
      '.config/config.yaml adding evil.ts as a search place',
      { '.config/config.yaml': 'cosmiconfig:\n  searchPlaces: [evil.ts]\n', 'evil.ts': 'marker' },
    ],
  ])('a meta config is never read: %s', async (_name, files: Record<string, string>) => {
    vi.stubEnv(ALLOW, undefined);
    const dir = await folder();
    const marker = path.join(dir, 'MARKER');
    await mkdir(path.join(dir, '.config'));
    for (const [name, text] of Object.entries(files)) {
      const content = text === 'marker' ? markerModule(name, marker) : text;
      await writeFile(path.join(dir, name), content);
    }
    await writeFile(path.join(dir, 'territory-sync.config.yaml'), 'batchSize: 3\n');
    const previous = process.cwd();
    process.chdir(dir);
    try {
      const result = await plan(dir);
      expect(result.code, result.stderr).toBe(0);
      expect((await loadConfig({ env: {}, cwd: dir })).batchSize).toBe(3);
    } finally {
      process.chdir(previous);
    }
    expect(existsSync(marker), 'a meta config ran').toBe(false);
  });
});

describe('config files must be regular files of a config size, read without blocking', () => {
  it('a FIFO .territory-syncrc is refused at once, unread', async () => {
    const dir = await folder();
    await mkfifo(path.join(dir, '.territory-syncrc'));
    const result = await plan(dir);
    expectConfigRefusal(result, '.territory-syncrc', 'is not a file. It is a named pipe (FIFO)');
  });

  it('a territory-sync.config.yaml that is a symbolic link to a FIFO is refused at once', async () => {
    const dir = await folder();
    await mkfifo(path.join(dir, 'pipe'));
    await symlink('pipe', path.join(dir, 'territory-sync.config.yaml'));
    const result = await plan(dir);
    expectConfigRefusal(result, 'territory-sync.config.yaml', 'It is a named pipe (FIFO)');
  });

  it('--config naming a FIFO is refused at once', async () => {
    const dir = await folder();
    await mkfifo(path.join(dir, 'settings.yaml'));
    const result = await plan(dir, { args: ['--config', 'settings.yaml'] });
    expectConfigRefusal(result, 'settings.yaml', 'It is a named pipe (FIFO)');
  });

  it('a searched config of 200 KB is refused by its size', async () => {
    const dir = await folder();
    await writeFile(path.join(dir, '.territory-syncrc'), `# ${'x'.repeat(200 * 1024)}\n`);
    const result = await plan(dir);
    expectConfigRefusal(
      result,
      '.territory-syncrc',
      'bytes long; a config file is at most 131,072 bytes (32,768 characters)',
    );
  });

  it('a searched config of 1 GB (sparse) is refused by its size, unread', async () => {
    const dir = await folder();
    const file = path.join(dir, 'territory-sync.config.json');
    await writeFile(file, '{}');
    await truncate(file, 1024 ** 3);
    const result = await plan(dir);
    expectConfigRefusal(result, 'territory-sync.config.json', 'it is 1,073,741,824 bytes long');
  });

  it('a folder where a config file is looked for is refused', async () => {
    const dir = await folder();
    await mkdir(path.join(dir, 'territory-sync.config.json'));
    const result = await plan(dir);
    expectConfigRefusal(result, 'territory-sync.config.json', 'is not a file. It is a folder');
  });

  it('loadConfig throws INVALID_CONFIG for a FIFO, without waiting for a writer', async () => {
    const dir = await folder();
    await mkfifo(path.join(dir, '.territory-syncrc.yaml'));
    const error = await loadConfig({ env: {}, cwd: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TerritorySyncError);
    expect((error as TerritorySyncError).code).toBe('INVALID_CONFIG');
  });
});

describe("the emulator's admin routes answer only this machine's programs", () => {
  const seedRecord = '554023000003635001';

  function territoriesOf(id: string): unknown {
    return org.emulator.state().records.Accounts.find((r) => r.id === id)?.territories;
  }

  async function admin(
    method: string,
    route: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; error: string }> {
    const reply = await rawRequest(`${org.emulator.url}/__emulator/${route}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if ('error' in reply) throw new Error(reply.error);
    const parsed = JSON.parse(reply.text) as { error?: unknown };
    return { status: reply.status, error: String(parsed.error ?? '') };
  }

  const JSON_TYPE = { 'content-type': 'application/json' };
  const move = { territories: ['554023000000430421'] };

  it('a DNS-rebinding Host (evil.example) is refused, reads and writes alike', async () => {
    const port = new URL(org.emulator.url).port;
    const before = territoriesOf(seedRecord);
    const host = { host: `evil.example:${port}` };
    const write = await admin(
      'POST',
      `records/Accounts/${seedRecord}`,
      { ...host, ...JSON_TYPE },
      move,
    );
    expect(write.status).toBe(403);
    expect(write.error).toContain('the Host must be 127.0.0.1');
    expect(write.error).toContain('"evil.example:');
    const read = await admin('GET', 'state', host);
    expect(read.status).toBe(403);
    expect(territoriesOf(seedRecord)).toEqual(before);
  });

  it('a cross-site Origin is refused, with the right Host and content type', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      const faults = await admin(
        'POST',
        'faults',
        { origin, ...JSON_TYPE },
        { serverErrorRate: 1 },
      );
      expect(faults.status, origin).toBe(403);
      expect(faults.error).toContain('admin routes refuse requests from web pages');
    }
    expect((await admin('GET', 'stats', { origin: 'https://evil.example' })).status).toBe(403);
    // No fault was set: an ordinary call still succeeds.
    const token = await accessToken(org.emulator);
    expect(
      (await call(org.emulator, 'GET', '/crm/v7/settings/territories', { token })).status,
    ).toBe(200);
  });

  it('a text/plain (or form, or untyped) POST is refused, its body unread', async () => {
    const before = territoriesOf(seedRecord);
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', '']) {
      const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
      const reply = await admin('POST', `records/Accounts/${seedRecord}`, headers, move);
      expect(reply.status, type).toBe(415);
      expect(reply.error).toContain('Content-Type: application/json');
    }
    expect(territoriesOf(seedRecord)).toEqual(before);
  });

  it('still answers 127.0.0.1, 127.x, localhost and [::1] Hosts and loopback Origins', async () => {
    const port = new URL(org.emulator.url).port;
    for (const host of [`127.0.0.1:${port}`, `127.1.2.3:${port}`, `LOCALHOST:${port}`, '[::1]']) {
      expect((await admin('GET', 'health', { host })).status, host).toBe(200);
    }
    const origin = { origin: 'http://localhost:5173' };
    expect((await admin('POST', 'reset', { ...origin, ...JSON_TYPE })).status).toBe(200);
  });
});
