// `territory-sync emulator`: serve the Zoho CRM emulator until SIGINT/SIGTERM (or the abort
// signal), printing one line with the base URL first.
import { readFile } from 'node:fs/promises';
import { TerritorySyncError } from '../../errors.js';
import {
  DEMO_OAUTH_CLIENT,
  faultOptionProblems,
  startEmulator,
  type EmulatorOptions,
  type FaultOptions,
  type LatencyOption,
} from '../../emulator/index.js';
import type { Io } from '../io.js';

export interface EmulatorCommandOptions {
  port?: number;
  host?: string;
  seed?: string;
  state?: string;
  jobDelayMs?: number;
  /** A fixed latency, or a uniform range. */
  latencyMs?: LatencyOption;
  concurrency?: number;
  credits?: number;
  tokenLifetimeSeconds?: number;
  faultRate5xx?: number;
  faultRateReset?: number;
  faultRate429?: number;
  faultRateTokenExpiry?: number;
  faultRateLocked?: number;
  faultRateJobFailure?: number;
  randomSeed?: number;
  /** A JSON file of fault options (rates, schedule, locked records; see src/emulator/README.md). */
  faults?: string;
  /** Print one request log line per call on stderr. */
  verbose?: boolean;
}

type FlagKind = 'integer' | 'rate' | 'string' | 'latency' | 'boolean';

/** CLI flags and the option each sets (for the argument parser and the help text). */
export const EMULATOR_FLAGS: readonly {
  readonly flag: string;
  readonly option: keyof EmulatorCommandOptions;
  readonly kind: FlagKind;
  readonly help: string;
}[] = [
  { flag: 'port', option: 'port', kind: 'integer', help: 'Port (0 = any free port; default 0)' },
  { flag: 'host', option: 'host', kind: 'string', help: 'Address to bind (default 127.0.0.1)' },
  {
    flag: 'seed',
    option: 'seed',
    kind: 'string',
    help: 'Seed file, JSON or YAML (default: demo org)',
  },
  { flag: 'state', option: 'state', kind: 'string', help: 'Persist changes to this file' },
  {
    flag: 'faults',
    option: 'faults',
    kind: 'string',
    help: 'Fault options from a JSON file (examples/emulator/faults-flaky.json)',
  },
  { flag: 'job-delay-ms', option: 'jobDelayMs', kind: 'integer', help: 'Job delay (default 300)' },
  { flag: 'latency-ms', option: 'latencyMs', kind: 'latency', help: 'Latency: N or MIN-MAX ms' },
  {
    flag: 'concurrency',
    option: 'concurrency',
    kind: 'integer',
    help: 'Calls in flight before 429',
  },
  { flag: 'credits', option: 'credits', kind: 'integer', help: 'Daily API credits' },
  {
    flag: 'token-lifetime',
    option: 'tokenLifetimeSeconds',
    kind: 'integer',
    help: 'Access token lifetime in seconds (default 3600)',
  },
  {
    flag: 'fault-5xx-rate',
    option: 'faultRate5xx',
    kind: 'rate',
    help: 'Share of calls answered 500',
  },
  {
    flag: 'fault-reset-rate',
    option: 'faultRateReset',
    kind: 'rate',
    help: 'Share of calls reset',
  },
  {
    flag: 'fault-429-rate',
    option: 'faultRate429',
    kind: 'rate',
    help: 'Share of calls answered 429',
  },
  {
    flag: 'fault-token-expiry-rate',
    option: 'faultRateTokenExpiry',
    kind: 'rate',
    help: 'Share of calls whose token expires',
  },
  {
    flag: 'fault-locked-rate',
    option: 'faultRateLocked',
    kind: 'rate',
    help: 'Share of write entries answered RECORD_LOCKED',
  },
  {
    flag: 'fault-job-failure-rate',
    option: 'faultRateJobFailure',
    kind: 'rate',
    help: 'Share of jobs that end FAILED',
  },
  {
    flag: 'random-seed',
    option: 'randomSeed',
    kind: 'integer',
    help: 'Seed for faults (repeatable)',
  },
  { flag: 'verbose', option: 'verbose', kind: 'boolean', help: 'Log every request on stderr' },
];

function usage(flag: string, expected: string, value: unknown): TerritorySyncError {
  return new TerritorySyncError('USAGE', `--${flag} expects ${expected}, got "${String(value)}".`);
}

function parseFlag(flag: string, kind: FlagKind, value: string | boolean): unknown {
  if (kind === 'boolean') return value === true || value === 'true';
  const text = String(value).trim();
  switch (kind) {
    case 'string':
      return text;
    case 'integer':
      if (!/^\d+$/.test(text)) throw usage(flag, 'a whole number', value);
      return Number(text);
    case 'rate': {
      const rate = Number(text);
      if (text === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
        throw usage(flag, 'a number from 0 to 1', value);
      }
      return rate;
    }
    case 'latency': {
      const range = /^(\d+)\s*-\s*(\d+)$/.exec(text);
      if (range) {
        const min = Number(range[1]);
        const max = Number(range[2]);
        if (min > max) throw usage(flag, 'MIN-MAX with MIN <= MAX', value);
        return { min, max };
      }
      if (!/^\d+$/.test(text)) throw usage(flag, 'N or MIN-MAX milliseconds', value);
      return Number(text);
    }
  }
}

/** Options from parsed flags (names as in EMULATOR_FLAGS); unknown names are ignored. */
export function emulatorOptionsFromFlags(
  flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
): EmulatorCommandOptions {
  const options: Record<string, unknown> = {};
  for (const { flag, option, kind } of EMULATOR_FLAGS) {
    const value = flags[flag];
    if (value === undefined) continue;
    const single = Array.isArray(value) ? value[value.length - 1] : value;
    if (single === undefined) continue;
    options[option] = parseFlag(flag, kind, single as string | boolean);
  }
  return options as EmulatorCommandOptions;
}

async function faultsOf(options: EmulatorCommandOptions): Promise<FaultOptions> {
  let fromFile: FaultOptions = {};
  if (options.faults !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(options.faults, 'utf8'));
    } catch (cause) {
      throw new TerritorySyncError('USAGE', `Cannot read fault options from ${options.faults}.`, {
        hint: 'Pass a JSON file such as examples/emulator/faults-flaky.json (see src/emulator/README.md, "Faults and limits").',
        cause,
      });
    }
    const problems = faultOptionProblems(value);
    if (problems.length > 0) {
      throw new TerritorySyncError(
        'USAGE',
        `${options.faults} holds unusable fault options: ${problems.join('; ')}.`,
        { hint: 'See src/emulator/README.md, "Faults and limits", for every option.' },
      );
    }
    fromFile = value as FaultOptions;
  }
  return {
    ...fromFile,
    ...(options.faultRate5xx ? { serverErrorRate: options.faultRate5xx } : {}),
    ...(options.faultRateReset ? { connectionResetRate: options.faultRateReset } : {}),
    ...(options.faultRate429 ? { tooManyRequestsRate: options.faultRate429 } : {}),
    ...(options.faultRateTokenExpiry ? { tokenExpiryRate: options.faultRateTokenExpiry } : {}),
    ...(options.faultRateLocked ? { recordLockedRate: options.faultRateLocked } : {}),
    ...(options.faultRateJobFailure ? { jobFailureRate: options.faultRateJobFailure } : {}),
  };
}

/** A word a POSIX shell reads back as `value`: bare when plainly safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * What to paste into another shell to point territory-sync at the demo org: a comment, then
 * `export` lines (values shell-quoted where needed, e.g. an IPv6 URL's brackets).
 */
export function demoEnvironmentLines(url: string): string {
  const assign = (name: string, value: string) => `${name}=${shellWord(value)}`;
  return [
    '# Demo org (fake, public OAuth client). To use it from another shell, paste:',
    `export ${assign('ZOHO_API_DOMAIN', url)} ${assign('ZOHO_ACCOUNTS_URL', url)}`,
    `export ${assign('ZOHO_CLIENT_ID', DEMO_OAUTH_CLIENT.clientId)} ` +
      assign('ZOHO_CLIENT_SECRET', DEMO_OAUTH_CLIENT.clientSecret),
    `export ${assign('ZOHO_REFRESH_TOKEN', DEMO_OAUTH_CLIENT.refreshToken)}`,
    '',
  ].join('\n');
}

export async function emulatorCommand(
  options: EmulatorCommandOptions,
  io: Io,
  signal?: AbortSignal,
): Promise<number> {
  const emulatorOptions: EmulatorOptions = {
    port: options.port ?? 0,
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.state !== undefined ? { statePath: options.state } : {}),
    ...(options.jobDelayMs !== undefined ? { jobDelayMs: options.jobDelayMs } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
    ...(options.concurrency !== undefined ? { concurrencyLimit: options.concurrency } : {}),
    ...(options.credits !== undefined ? { dailyCredits: options.credits } : {}),
    ...(options.tokenLifetimeSeconds !== undefined
      ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds }
      : {}),
    ...(options.randomSeed !== undefined ? { randomSeed: options.randomSeed } : {}),
    faults: await faultsOf(options),
    ...(options.verbose ? { log: (line: string) => io.stderr.write(`${line}\n`) } : {}),
  };
  let emulator;
  try {
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new TerritorySyncError(
        'USAGE',
        `The emulator cannot listen on ${options.host ?? '127.0.0.1'}:${options.port ?? 0} (${code}).`,
        { hint: 'Pick another --port, or --port 0 for any free port.', cause: error },
      );
    }
    throw error;
  }
  io.stdout.write(`Zoho CRM emulator listening on ${emulator.url}\n`);
  if (options.seed === undefined && options.state === undefined) {
    io.stdout.write(demoEnvironmentLines(emulator.url));
  }
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    if (signal?.aborted) return done();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
  await emulator.stop();
  return 0;
}
