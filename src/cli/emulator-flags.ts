// The emulator command's flags: one table for the argument parser, the help text and the
// command. Kept apart from the command (commands/emulator.ts), which loads the emulator: parsing
// any command line, or printing help, must not.
import type { LatencyOption } from '../emulator/index.js';

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

export type FlagKind = 'integer' | 'rate' | 'string' | 'latency' | 'boolean';

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

const PARSED = EMULATOR_FLAGS.filter((f) => f.flag !== 'verbose');

/** The emulator's flags for the argument parser (--verbose is the global one). */
export const EMULATOR_PARSE_OPTIONS = Object.fromEntries(
  PARSED.map((f) => [
    f.flag,
    { type: f.kind === 'boolean' ? ('boolean' as const) : ('string' as const) },
  ]),
);

export function emulatorFlagsHelp(): string {
  return PARSED.map((f) => `  --${f.flag.padEnd(26)}${f.help}`).join('\n');
}
