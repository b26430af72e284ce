// What every fault scenario needs: an emulator org, a desired file, a config with short
// timeouts, the CLI run in-process or as a real process, and bounded waiting.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import type {
  EmulatorOptions,
  EmulatorStats,
  RunningEmulator,
  SnapshotJob,
} from '../../src/emulator/index.js';
import { DEMO_CREDENTIALS, startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';
import { BIN, cleanEnv, runCli } from '../helpers/run-cli.js';
import type { CliResult } from '../helpers/run-cli.js';

/** Short patience everywhere, so every scenario ends in seconds. */
export const FAST_CONFIG = {
  jobTimeoutSeconds: 5,
  recordRetries: { attempts: 3, delaySeconds: 0.05 },
} as const;

export interface FaultOrg {
  readonly org: TestOrg;
  readonly emulator: RunningEmulator;
  cli(argv: readonly string[], env?: Readonly<Record<string, string>>): Promise<CliResult>;
  /** The real binary as a child process (dist/ must be built: npm test does it). */
  spawn(argv: readonly string[]): ReturnType<typeof spawnCli>;
  writeConfig(config: Readonly<Record<string, unknown>>): Promise<void>;
  territoriesOf(module: 'Accounts' | 'Contacts' | 'Deals', id: string): string[];
  readReport(file: string): Promise<ReportJson>;
  path(name: string): string;
  close(): Promise<void>;
}

export interface ReportJson {
  readonly records: readonly {
    id: string;
    status: string;
    code?: string;
    reason?: string;
    attempts: number;
  }[];
  readonly summary: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  readonly stoppedEarly?: { code: string; message: string };
}

export async function startFaultOrg(
  yaml: string,
  options: EmulatorOptions & { config?: Readonly<Record<string, unknown>> } = {},
): Promise<FaultOrg> {
  const { config, ...emulatorOptions } = options;
  const org = await startTestOrg(emulatorOptions);
  await org.write('territories.yaml', yaml);
  const writeConfig = async (extra: Readonly<Record<string, unknown>>) => {
    await org.write('territory-sync.config.json', JSON.stringify({ ...FAST_CONFIG, ...extra }));
  };
  await writeConfig(config ?? {});
  return {
    org,
    emulator: org.emulator,
    cli: (argv, env = {}) => runCli(argv, { cwd: org.dir, env: { ...org.env, ...env } }),
    spawn: (argv) => spawnCli(org, argv),
    writeConfig,
    territoriesOf: (module, id) =>
      (org.emulator.state().records[module].find((r) => r.id === id)?.territories ?? [])
        .map((t) => t.id)
        .sort(),
    readReport: async (file) =>
      JSON.parse(await readFile(path.join(org.dir, file), 'utf8')) as ReportJson,
    path: (name) => path.join(org.dir, name),
    close: () => org.close(),
  };
}

/** The real binary as a child process, the way a user or CI runs it. */
export function spawnCli(org: TestOrg, argv: readonly string[]) {
  return execa('node', [BIN, ...argv], {
    cwd: org.dir,
    env: cleanEnv(org.env),
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 60_000,
  });
}

/** Polls until `check` returns a value, every 5 ms, failing the test after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The journal's lines so far, parsed; a torn last line is left out. */
export async function journalLines(
  file: string,
): Promise<{ type: string; [k: string]: unknown }[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  lines.pop();
  return lines.map((l) => JSON.parse(l) as { type: string });
}

/** Zoho's answers that mean "already as asked", not a second write. */
export const IDEMPOTENT_CODES = ['DUPLICATE_DATA', 'INVALID_DATA', 'ALREADY_SCHEDULED'];

/**
 * No record was written twice: every write entry Zoho scheduled is a distinct (record,
 * action), and every other answer is one of Zoho's idempotent ones.
 */
export function expectNoDoubleWrites(emulator: RunningEmulator, stats: EmulatorStats): void {
  expectNoDoubleWritesAcross([{ jobs: emulator.state().jobs, stats }]);
}

/** The same, over several lives of the org (an emulator restarted on the same state). */
export function expectNoDoubleWritesAcross(
  lives: readonly { jobs: readonly SnapshotJob[]; stats: EmulatorStats }[],
): void {
  const perRecord = new Map<string, number>();
  for (const job of lives.flatMap((life) => life.jobs)) {
    const key = `${job.module}:${job.recordId}:${job.action}`;
    perRecord.set(key, (perRecord.get(key) ?? 0) + 1);
  }
  expect([...perRecord].filter(([, n]) => n > 1)).toEqual([]);
  for (const { jobs, stats } of lives) {
    expect(stats.writeEntries.scheduled).toBe(jobs.length);
    for (const code of Object.keys(stats.writeEntries.errors)) {
      expect(IDEMPOTENT_CODES).toContain(code);
    }
  }
}

/** A token from the emulator's OAuth endpoint: "someone else" calling the API. */
export async function accessToken(
  emulator: RunningEmulator,
  refreshToken: string,
): Promise<string> {
  const response = await fetch(`${emulator.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: DEMO_CREDENTIALS.ZOHO_CLIENT_ID,
      client_secret: DEMO_CREDENTIALS.ZOHO_CLIENT_SECRET,
      refresh_token: refreshToken,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}
