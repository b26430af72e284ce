// Issue #7: the client secret, refresh tokens and access tokens never appear anywhere a person or
// a CI log could read them. Every command runs with known secret values and --verbose (and as in
// GitHub Actions, so annotations, step summaries and outputs are written too); then every byte
// of output and every file written is scanned. The access tokens the emulator hands out are
// captured on their way to the CLI, so they are known values as well.
import { readdir, readFile, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorCommand } from '../../src/cli/commands/emulator.js';
import { DEMO_OAUTH_CLIENT, DEMO_SEED } from '../../src/emulator/index.js';
import type { EmulatorSeed } from '../../src/emulator/index.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';

const CLIENT_ID = '1000.HOSTILE0CLIENT0ID';
const CLIENT_SECRET = 'hostile-client-secret-5f0c2e81a9d4';
const REFRESH_TOKEN = '1000.hostile0refresh0token.9b7e4d2c1a';
/** Given to a run that uses ZOHO_ACCESS_TOKEN alone, after trading it for an access token. */
const SECOND_REFRESH_TOKEN = '1000.hostile0second0refresh.77aa31c0';
const WRONG_SECRET = 'hostile-wrong-secret-0d9e8c7b';
const FORGED_ACCESS_TOKEN = `1000.${'ab12'.repeat(16)}`;
/** The shape of every access token the emulator issues, known or not. */
const ISSUED_TOKEN = /1000\.[0-9a-f]{64}/;

/** Every access token the emulator issued through the proxy. */
const issued = new Set<string>();
/** Every output and file, by where it came from. */
const scanned = new Map<string, string>();

let work: string;
let emulatorUrl: string;
let proxy: Server;
let proxyUrl: string;
const stopEmulator = new AbortController();
let emulatorDone: Promise<number>;
const emulatorOut = { stdout: '', stderr: '' };

function seed(): EmulatorSeed {
  return {
    ...DEMO_SEED,
    oauthClients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshTokens: [REFRESH_TOKEN, SECOND_REFRESH_TOKEN],
        scopes: [...DEMO_OAUTH_CLIENT.scopes],
      },
    ],
  };
}

async function body(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The token endpoint, through a recorder: each access token it hands out becomes a known value. */
async function startTokenRecorder(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      const sent = await body(req);
      const upstream = request(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers: { ...req.headers, host: new URL(target).host },
      });
      upstream.end(sent);
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        upstream.once('response', resolve);
        upstream.once('error', reject);
      });
      const received = await body(answer);
      for (const token of received.toString('utf8').match(new RegExp(ISSUED_TOKEN, 'g')) ?? []) {
        issued.add(token);
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(received);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function env(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    ZOHO_CLIENT_ID: CLIENT_ID,
    ZOHO_CLIENT_SECRET: CLIENT_SECRET,
    ZOHO_REFRESH_TOKEN: REFRESH_TOKEN,
    ZOHO_API_DOMAIN: emulatorUrl,
    ZOHO_ACCOUNTS_URL: proxyUrl,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: path.join(work, 'github-step-summary.md'),
    GITHUB_OUTPUT: path.join(work, 'github-output.txt'),
    ...extra,
  };
}

/** Runs one command in the work folder and keeps what it printed for the scan. */
async function cli(
  label: string,
  argv: readonly string[],
  extraEnv: Readonly<Record<string, string | undefined>> = env(),
  cwd = work,
): Promise<CliResult> {
  const result = await runCli(argv, { cwd, env: extraEnv });
  scanned.set(`${label}: stdout`, result.stdout);
  scanned.set(`${label}: stderr`, result.stderr);
  return result;
}

async function scanFolder(dir: string, label: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    scanned.set(`${label}: ${path.relative(dir, file)}`, await readFile(file, 'utf8'));
    names.push(path.relative(dir, file));
  }
  return names;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'territory-sync-secrets-'));
  const seedFile = path.join(work, 'seed.json');
  await writeFile(seedFile, JSON.stringify(seed()));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (chunk: Buffer) => (emulatorOut.stdout += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (emulatorOut.stderr += chunk.toString('utf8')));
  // `territory-sync emulator --seed seed.json --verbose`, stopped by the signal at the end.
  emulatorDone = emulatorCommand(
    { port: 0, seed: seedFile, jobDelayMs: 20, verbose: true },
    { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: work },
    stopEmulator.signal,
  );
  const deadline = Date.now() + 10_000;
  while (!/listening on (http:\S+)/.test(emulatorOut.stdout) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  emulatorUrl = /listening on (http:\S+)/.exec(emulatorOut.stdout)?.[1] ?? '';
  expect(emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  // The seed file holds the secrets by design: it plays Zoho's side. It is not scanned.
  await rm(seedFile);
  proxy = await startTokenRecorder(emulatorUrl);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  await copyFile(path.join(REPO_ROOT, 'territories.yaml'), path.join(work, 'territories.yaml'));
});

afterAll(async () => {
  stopEmulator.abort();
  await emulatorDone;
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await rm(work, { recursive: true, force: true });
});

describe('secrets never leak', () => {
  it('no command prints or writes the client secret, a refresh token or an access token', async () => {
    const v = ['--verbose'];
    expect((await cli('validate', ['validate', ...v])).code).toBe(0);
    expect((await cli('plan text', ['plan', ...v, '--out', 'plan-text.json'])).code).toBe(0);
    const markdown = ['plan', ...v, '--format', 'markdown', '--out', 'plan-markdown.json'];
    expect((await cli('plan markdown', markdown)).code).toBe(0);
    const json = ['plan', ...v, '--format', 'json', '--out', 'plan.json', '--detailed-exitcode'];
    expect((await cli('plan json', json)).code).toBe(2);

    const fresh = ['apply', ...v, '--auto-approve', '--report', 'report-fresh.json'];
    expect((await cli('apply', fresh)).code).toBe(0);

    // A saved plan: change one record, plan it to a file, apply exactly that file.
    const yaml = await readFile(path.join(work, 'territories.yaml'), 'utf8');
    await writeFile(
      path.join(work, 'territories.yaml'),
      yaml.replace(
        '"554023000003635002": { territories: [west]',
        '"554023000003635002": { territories: [east]',
      ),
    );
    expect((await cli('plan to file', ['plan', ...v, '--out', 'plan-2.json'])).code).toBe(0);
    const saved = ['apply', 'plan-2.json', ...v, '--report', 'report-saved.json'];
    const applied = await cli('apply saved plan', saved);
    expect(applied.code).toBe(0);
    const journal = /apply --resume ([^\s)]+)/.exec(applied.stdout)?.[1];
    expect(journal).toBeDefined();
    const resume = await cli('apply --resume', ['apply', ...v, '--resume', journal ?? '']);
    expect(resume.code, resume.stderr + resume.stdout).toBe(0);

    expect((await cli('export', ['export', ...v])).code).toBe(0);
    expect((await cli('export to file', ['export', ...v, '--out', 'export.yaml'])).code).toBe(0);
    expect((await cli('doctor', ['doctor', ...v])).code).toBe(0);

    // A short-lived access token alone, traded for beforehand.
    const traded = await fetch(`${proxyUrl}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: SECOND_REFRESH_TOKEN,
      }),
    });
    const accessToken = ((await traded.json()) as { access_token?: string }).access_token ?? '';
    expect(accessToken).toMatch(ISSUED_TOKEN);
    const onlyToken = {
      ...env(),
      ZOHO_CLIENT_ID: undefined,
      ZOHO_CLIENT_SECRET: undefined,
      ZOHO_REFRESH_TOKEN: undefined,
      ZOHO_ACCESS_TOKEN: accessToken,
    };
    expect((await cli('plan with an access token', ['plan', ...v], onlyToken)).code).toBe(0);

    // Failures print the most: errors, hints, retries.
    const wrongSecret = await cli(
      'plan with a wrong secret',
      ['plan', ...v],
      env({ ZOHO_CLIENT_SECRET: WRONG_SECRET }),
    );
    expect(wrongSecret.code).toBe(1);
    const forged = { ...onlyToken, ZOHO_ACCESS_TOKEN: FORGED_ACCESS_TOKEN };
    const refused = await cli(
      'apply with a forged access token',
      ['apply', ...v, '--auto-approve'],
      forged,
    );
    expect(refused.code).toBe(1);
    expect(
      (
        await cli(
          'doctor with a wrong secret',
          ['doctor', ...v],
          env({ ZOHO_CLIENT_SECRET: WRONG_SECRET }),
        )
      ).code,
    ).toBe(1);

    // The demo brings its own emulator and demo client: run it in a folder of its own.
    const demoDir = await mkdtemp(path.join(work, 'demo-'));
    await copyFile(
      path.join(REPO_ROOT, 'territories.yaml'),
      path.join(demoDir, 'territories.yaml'),
    );
    expect((await cli('demo', ['demo', ...v], env(), demoDir)).code).toBe(0);

    const files = await scanFolder(work, 'file');
    stopEmulator.abort();
    await emulatorDone;
    scanned.set('emulator --verbose: stdout', emulatorOut.stdout);
    scanned.set('emulator --verbose: stderr', emulatorOut.stderr);

    // The scan is only as good as what it covered: every kind of output is there.
    expect(files).toEqual(
      expect.arrayContaining([
        'plan-text.json',
        'plan-markdown.json',
        'plan.json',
        'plan-2.json',
        'report-fresh.json',
        'report-saved.json',
        'export.yaml',
        'github-step-summary.md',
        'github-output.txt',
      ]),
    );
    expect(files.some((f) => f.endsWith('.jsonl'))).toBe(true);
    expect(emulatorOut.stderr.split('\n').length).toBeGreaterThan(50);
    expect(issued.size).toBeGreaterThanOrEqual(3);
    expect(accessToken).not.toBe('');

    const secrets = [
      CLIENT_SECRET,
      REFRESH_TOKEN,
      SECOND_REFRESH_TOKEN,
      WRONG_SECRET,
      FORGED_ACCESS_TOKEN,
      accessToken,
      ...issued,
      DEMO_OAUTH_CLIENT.clientSecret,
      DEMO_OAUTH_CLIENT.refreshToken,
    ];
    const leaks: string[] = [];
    for (const [where, text] of scanned) {
      for (const secret of secrets) {
        if (text.includes(secret)) leaks.push(`${where} holds ${secret.slice(0, 12)}…`);
      }
      // Tokens the emulator issued that the recorder did not see (the demo's own).
      if (ISSUED_TOKEN.test(text)) leaks.push(`${where} holds an access token`);
    }
    expect(leaks).toEqual([]);
    expect(scanned.size).toBeGreaterThan(40);
  });
});
