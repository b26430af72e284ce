// startEmulator(): load the seed (or the persisted state), listen, and hand back controls.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_EMULATOR_JOB_DELAY_MS, EDITION_CONCURRENCY } from '../constants/zoho.js';
import { EmulatorCore } from './emulator-core.js';
import type { EmulatorOptions, RunningEmulator } from './emulator-types.js';
import { createRequestHandler } from './request-handler.js';
import { readSeedFile } from './seed-file.js';
import type { EmulatorSeed } from './seed-types.js';
import { validateSeed } from './seed-validate.js';
import { DEMO_SEED } from './seeds/demo-seed.js';

export const EMULATOR_DEFAULTS = {
  host: '127.0.0.1',
  jobDelayMs: DEFAULT_EMULATOR_JOB_DELAY_MS,
  concurrencyLimit: EDITION_CONCURRENCY.standard,
  dailyCredits: 100_000,
  tokenLifetimeSeconds: 3600,
  randomSeed: 1,
} as const;

async function loadSeed(options: EmulatorOptions): Promise<EmulatorSeed> {
  if (options.statePath && existsSync(options.statePath)) return readSeedFile(options.statePath);
  if (typeof options.seed === 'string') return readSeedFile(options.seed);
  if (options.seed) return validateSeed(options.seed);
  return DEMO_SEED;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = await loadSeed(options);
  const host = options.host ?? EMULATOR_DEFAULTS.host;
  let url = '';
  const core = new EmulatorCore({
    seed,
    statePath: options.statePath,
    jobDelayMs: options.jobDelayMs ?? EMULATOR_DEFAULTS.jobDelayMs,
    latencyMs: options.latencyMs ?? 0,
    concurrencyLimit: options.concurrencyLimit ?? EMULATOR_DEFAULTS.concurrencyLimit,
    dailyCredits: options.dailyCredits ?? EMULATOR_DEFAULTS.dailyCredits,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? EMULATOR_DEFAULTS.tokenLifetimeSeconds,
    faults: options.faults ?? {},
    randomSeed: options.randomSeed ?? EMULATOR_DEFAULTS.randomSeed,
    apiDomain: () => url,
  });
  const server = createServer({ keepAliveTimeout: 5000 }, createRequestHandler(core, options.log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host;
  url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;
  if (options.statePath) core.changed();

  let stopping: Promise<void> | undefined;
  return {
    url,
    stats: () => core.stats(),
    resetStats: () => core.resetStats(),
    state: () => core.snapshot(),
    setFaults: (faults) => core.setFaults(faults),
    waitForIdle: (timeoutMs = 10_000) => core.jobs.waitForIdle(timeoutMs),
    stop: () => {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await core.shutdown();
      })();
      return stopping;
    },
  };
}
