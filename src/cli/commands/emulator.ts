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
} from '../../emulator/index.js';
import { EMULATOR_FLAGS } from '../emulator-flags.js';
import type { EmulatorCommandOptions, FlagKind } from '../emulator-flags.js';
import type { CommandContext } from '../context.js';
import type { Io } from '../io.js';

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

/** Runs until SIGINT/SIGTERM; --verbose (global) logs every request. */
export function emulatorCommandFromFlags(
  ctx: CommandContext,
  flags: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
): Promise<number> {
  return emulatorCommand(
    { ...emulatorOptionsFromFlags(flags), verbose: ctx.global.verbose },
    ctx.io,
  );
}
